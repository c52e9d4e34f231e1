import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { CategoryPage } from './pages/category-page';
import { PanelOverview } from './pages/panel-overview';

describe('proxy stopped: the panel paints from its cache and says it is stale', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeEach(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterEach(async () => {
    await session?.close();
    await proxy?.close().catch(() => undefined);
  });

  it('shows the last known numbers, chart and causes marked stale, how to start the proxy, and the badge says off', async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.cards();
    // The chart and the causes come after the summary: wait until they are cached too.
    await panel.page.waitForSelector('[aria-labelledby=groups-title] li', { timeout: 15_000 });
    await panel.page.waitForSelector('[data-testid=usage-chart] svg', { timeout: 15_000 });
    const picklists = (await proxy.store.summary()).categories.find(
      (c) => c.category === 'picklists',
    )!.openErrors;
    expect(await panel.staleText()).toBeNull();
    // Settings seen once while the proxy ran: they are what the panel can show without it.
    await panel.tab('settings');
    await panel.page.waitForSelector('[data-testid=notification-form] input[name=enabled]', {
      timeout: 10_000,
    });
    await panel.page.waitForSelector('[data-testid=accounts-mode]', { timeout: 10_000 });
    await proxy.close();

    await panel.page.reload();
    const status = await panel.connection('unreachable');
    expect(status).toContain('npm start');
    expect(await panel.staleText()).toContain('may be out of date');
    expect(await panel.cardErrors('picklists')).toBe(picklists);
    await panel.page.waitForSelector('[aria-labelledby=groups-title] li');
    await panel.page.waitForSelector('[data-testid=usage-chart] svg');
    const firstPaint = await panel.firstSummaryPaint();
    expect(firstPaint).toBeGreaterThan(0);
    console.log(`[figure] side panel first paint from cache: ${Math.round(firstPaint)} ms`);
    await panel.shot('stale');

    // What needs the proxy is off, described by the one banner that says why, instead of failing on click.
    const reason = `The proxy is not reachable at ${proxy.url}. Start it with npm start in the sync-health folder, then retry.`;
    expect(status).toContain(reason);
    expect(await panel.timesOnScreen('npm start')).toBe(1);
    expect(await panel.isDimmed()).toBe(true);
    for (const label of ['Sync now', 'Allocation'])
      expect(await panel.action(label), label).toEqual({ disabled: true, description: reason });
    await panel.openCategory('picklists');
    for (const label of ['Resync selected', 'Resync all', 'Export CSV', 'Create view'])
      expect(await panel.action(label), label).toEqual({ disabled: true, description: reason });
    expect(await panel.timesOnScreen('npm start')).toBe(1);
    await panel.shot('stale-category');
    await panel.tab('settings');
    await panel.page.waitForSelector('[data-testid=notification-form][data-readonly=true]', {
      timeout: 10_000,
    });
    await panel.page.waitForSelector('[data-testid=accounts-cached]', { timeout: 10_000 });
    expect(await panel.page.$eval('input[name=enabled]', (i) => i.matches(':disabled'))).toBe(true);
    expect(await panel.timesOnScreen('npm start')).toBe(1);
    expect(await panel.page.$('[aria-busy=true]')).toBeNull();

    const worker = await session.worker();
    for (let i = 0; i < 200 && (await worker.evaluate(() => chrome.action.getBadgeText({}))) !== 'off'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('off');
  });

  it('keeps a cached suspension on screen with its clear button off, saying the proxy must be started', async () => {
    // API access is switched off for the integration user: the next run that calls Salesforce suspends.
    proxy.sandboxes.salesforce.control.setApiEnabled(false);
    proxy.sandboxes.hubspot.control.createRecord('contacts', {
      firstname: 'Ida',
      lastname: 'Tarbell',
      email: 'ida@tarbell.example',
    });
    const run = await proxy.engine.runOnce();
    expect(run.state).toMatchObject({ state: 'suspended', id: 'api-disabled' });
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.page.waitForSelector('[data-testid=state-banner]', { timeout: 15_000 });
    expect(await panel.action('clear the suspension')).toEqual({ disabled: false, description: null });
    await proxy.close();

    await panel.page.reload();
    await panel.connection('unreachable');
    const banner = await panel.page.waitForSelector('[data-testid=state-banner]');
    expect(await banner!.evaluate((e) => e.textContent)).toContain('API access is disabled');
    expect(await panel.action('clear the suspension')).toEqual({
      disabled: true,
      description: `The proxy is not reachable at ${proxy.url}. Start it with npm start in the sync-health folder, then retry.`,
    });
    await panel.shot('stale-suspended');
  });

  it("paints a category's first page from the cache when the proxy is stopped, dated, with the same rows and counts", async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.cards();
    await panel.openCategory('picklists');
    const live = await CategoryPage.on(panel.page, 'picklists');
    const rows = await live.rows();
    expect(rows.length).toBe(
      (await proxy.store.summary()).categories.find((c) => c.category === 'picklists')!.openErrors,
    );
    await live.waitForCounts((c) => c.errors === rows.length);
    const counts = await live.counts();
    expect(await live.staleText()).toBeNull();
    await proxy.close();

    await panel.page.reload();
    await panel.connection('unreachable');
    await panel.openCategory('picklists');
    const cached = await CategoryPage.on(panel.page, 'picklists');
    expect(await cached.rows()).toEqual(rows);
    await cached.waitForCounts((c) => c.errors === counts.errors);
    expect(await cached.counts()).toEqual(counts);
    expect(await cached.staleText()).toContain('may have changed since');
    await panel.shot('stale-category-cached');
  });
});
