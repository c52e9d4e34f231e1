import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import { CATEGORIES } from '../../shared/taxonomy';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { PanelOverview } from './pages/panel-overview';

describe('overview after the first demo sync', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;

  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('shows the eight error-type cards with the error and record counts the proxy holds', async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.cards();
    const expected = proxy.store.summary().categories;
    for (const category of CATEGORIES) {
      const want = expected.find((c) => c.category === category);
      expect(await panel.cardErrors(category), category).toBe(want?.openErrors ?? -1);
      expect(await panel.cardRecords(category), category).toBe(want?.affectedRecords ?? -1);
    }
    expect(expected.reduce((n, c) => n + c.openErrors, 0)).toBeGreaterThan(0);
    await panel.shot('overview');
  });

  it('shows the sync calls of the last 24 hours and the allocation the proxy meters', async () => {
    const panel = await PanelOverview.open(session);
    await panel.page.waitForSelector('[data-testid=usage]', { timeout: 15_000 });
    // The proxy's own answer (its meter is a clock-dependent window: read it as the panel did).
    const res = await fetch(`${proxy.url}/api/v1/health/summary`, {
      headers: { authorization: `Bearer ${proxy.token}` },
    });
    const { usage } = (await res.json()) as HealthSummaryResponse;
    const text = await panel.page.$eval('[data-testid=usage]', (el) => el.textContent ?? '');
    expect(text).toContain(`of ${usage.allocation.toLocaleString('en-US')} calls`);
    expect(text.startsWith(usage.syncCalls24h.toLocaleString('en-US'))).toBe(true);
  });
});
