import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/taxonomy';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';

describe('overview after the first demo sync', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;

  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    const sw = await session.browser.waitForTarget((t) => t.type() === 'service_worker');
    const worker = await sw.worker();
    await worker?.evaluate(
      (url, token) => chrome.storage.local.set({ proxy: { url, token } }),
      proxy.url,
      proxy.token,
    );
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('shows the eight error-type cards with the counts the proxy holds', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=card-other]', { timeout: 15_000 });
    const expected = proxy.store.summary().categories;
    for (const category of CATEGORIES) {
      const shown = await panel.$eval(
        `[data-testid=card-${category}] [data-field=errors]`,
        (el) => el.textContent,
      );
      const want = expected.find((c) => c.category === category)?.openErrors ?? -1;
      expect(Number(shown), category).toBe(want);
    }
    expect(expected.reduce((n, c) => n + c.openErrors, 0)).toBeGreaterThan(0);
    if (process.env.E2E_SCREENSHOTS) {
      mkdirSync(process.env.E2E_SCREENSHOTS, { recursive: true });
      await panel.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'overview.png') });
    }
  });
});
