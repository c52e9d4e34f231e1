import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { type LiveWorker, liveWorker } from './pages/live-worker';
import { PanelOverview } from './pages/panel-overview';

describe('an outage shows in the badge, a notification and the side panel', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let live: LiveWorker;
  beforeEach(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    live = liveWorker(session);
  });
  afterEach(async () => {
    await session?.close();
    await proxy?.close();
  });

  const badgeColour = () =>
    session.open('options.html').then(async (page) => {
      // The global badge colour, read from an extension page (the same chrome.action).
      const c = await page.evaluate(() => chrome.action.getBadgeBackgroundColor({}));
      await page.close();
      return `#${c
        .slice(0, 3)
        .map((v) => v.toString(16).padStart(2, '0'))
        .join('')}`;
    });

  it('says HubSpot is down while its daily limit is used up, and says it is back once a run goes through', async () => {
    await live.pair(proxy.url, proxy.token);
    const total = String((await proxy.store.summary()).totalOpenErrors);
    await live.waitForBadge((b) => b.text === total);
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');

    proxy.sandboxes.hubspot.control.rateLimitNext(100_000, 3600, 'DAILY');
    await proxy.engine.runOnce();
    const failedAt = Date.now();
    const down = await live.waitForBadge((b) => b.title.includes('HubSpot outage'));
    console.log(`[figure] badge showed the outage ${Date.now() - failedAt} ms after the failed run ended`);
    expect(down.title).toContain("HubSpot's daily API limit");
    expect(await badgeColour()).toBe('#6a1b9a');
    expect(await live.waitForNotifications('outage:hubspot:')).toHaveLength(1);
    const banner = await panel.page.waitForSelector('[data-testid=outage-banner]', { timeout: 15_000 });
    expect(await banner!.evaluate((e) => e.textContent)).toMatch(
      /HubSpot outage — the sync is waiting\..*daily API limit/,
    );
    await panel.shot('outage-banner');

    proxy.sandboxes.hubspot.control.rateLimitNext(0);
    await proxy.engine.runOnce();
    const backAt = Date.now();
    await live.waitForBadge((b) => !b.title.includes('outage'));
    console.log(`[figure] badge dropped the outage ${Date.now() - backAt} ms after the good run ended`);
    expect(await live.waitForNotifications('outage-over:hubspot:')).toHaveLength(1);
    await panel.page.waitForSelector('[data-testid=outage-banner]', { hidden: true, timeout: 15_000 });
  });
});
