import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { PanelOverview } from './pages/panel-overview';

describe('proxy stopped: the panel paints from its cache and says it is stale', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close().catch(() => undefined);
  });

  it('shows the last known numbers, chart and causes marked stale, how to start the proxy, and the badge says off', async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.cards();
    // The chart and the causes come after the summary: wait until they are cached too.
    await panel.page.waitForSelector('[aria-labelledby=groups-title] li', { timeout: 15_000 });
    await panel.page.waitForSelector('.usage svg', { timeout: 15_000 });
    const picklists = proxy.store.summary().categories.find((c) => c.category === 'picklists')!.openErrors;
    expect(await panel.staleText()).toBeNull();
    await proxy.close();

    await panel.page.reload();
    const status = await panel.connection('unreachable');
    expect(status).toContain('npm start');
    expect(await panel.staleText()).toContain('may be out of date');
    expect(await panel.cardErrors('picklists')).toBe(picklists);
    await panel.page.waitForSelector('[aria-labelledby=groups-title] li');
    await panel.page.waitForSelector('.usage svg');
    const firstPaint = await panel.firstSummaryPaint();
    expect(firstPaint).toBeGreaterThan(0);
    console.log(`[figure] side panel first paint from cache: ${Math.round(firstPaint)} ms`);
    await panel.shot('stale');

    const worker = await session.worker();
    for (let i = 0; i < 200 && (await worker.evaluate(() => chrome.action.getBadgeText({}))) !== 'off'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('off');
  });
});
