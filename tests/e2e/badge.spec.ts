import type { Page } from 'puppeteer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { type LiveWorker, liveWorker } from './pages/live-worker';

const countText = (n: number) => (n > 99 ? '99+' : String(n));

describe('the toolbar badge follows the proxy live', () => {
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
    await proxy?.close().catch(() => undefined);
  });

  const open = async () => (await proxy.store.summary()).totalOpenErrors;

  /** A new HubSpot contact whose Lead Source the org's picklist refuses. */
  const failingContact = (name: string) =>
    proxy.sandboxes.hubspot.control.createRecord('contacts', {
      firstname: name,
      lastname: 'Podcaster',
      email: `${name.toLowerCase()}@podcast.example`,
      leadsource: 'Podcast',
    });

  const resync = async (errorIds: string[]) => {
    const res = await fetch(`${proxy.url}/api/v1/resync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ errorIds }),
    });
    expect(res.status).toBe(200);
  };

  it('shows the open-error count, rises and falls within a second of the proxy recording or resolving errors, and says when the proxy stops', async () => {
    await live.pair(proxy.url, proxy.token);
    const total = await open();
    const first = await live.waitForBadge((b) => b.text === countText(total));
    expect(first.title).toContain(`${total} open sync errors`);

    failingContact('Ada');
    await proxy.engine.runOnce();
    const recordedAt = Date.now();
    expect(await open()).toBe(total + 1);
    await live.waitForBadge((b) => b.text === countText(total + 1));
    console.log(`[figure] badge updated in ${Date.now() - recordedAt} ms after the proxy recorded an error`);

    // Fix the cause in the org, then resync those errors as the side panel would.
    const podcast = (await proxy.store.listErrors({ category: 'picklists', q: 'Podcast' }, { limit: 100 }))
      .items;
    expect(podcast.length).toBeGreaterThan(1);
    proxy.sandboxes.salesforce.control.addPicklistValue('Contact', 'LeadSource', 'Podcast');
    await resync(podcast.map((e) => e.id));
    const resolvedAt = Date.now();
    const after = await open();
    expect(after).toBe(total + 1 - podcast.length);
    await live.waitForBadge((b) => b.text === countText(after));
    console.log(
      `[figure] badge updated in ${Date.now() - resolvedAt} ms after the proxy resolved ${podcast.length} errors`,
    );

    await proxy.close();
    const off = await live.waitForBadge((b) => b.text === 'off');
    expect(off.title).toContain('the proxy is not reachable');
    expect(off.title).toContain('npm start');
  });

  it('asks for pairing when the token is wrong', async () => {
    await live.pair(proxy.url, 'not-the-token');
    const b = await live.waitForBadge((x) => x.text === '!');
    expect(b.title).toContain('not paired');
  });

  it("shows a record page's own count on its tab, with a tooltip saying so, and a check once it syncs", async () => {
    const id = failingContact('Grace');
    await proxy.engine.runOnce();
    await live.pair(proxy.url, proxy.token);
    const total = await open();
    await live.waitForBadge((b) => b.text === countText(total));

    const url = `${proxy.url}/sandbox/hubspot/contacts/${proxy.sandboxes.hubspot.portalId}/record/0-1/${id}`;
    const page: Page = await session.browser.newPage();
    await page.goto(url);
    const tab = await live.tabId(url);
    const mine = await live.waitForBadge((b) => b.text === '1', tab);
    expect(mine.title).toContain('this record has 1 open sync error');
    expect(mine.title).toContain(`All records: ${total} open sync errors`);
    expect((await live.badge()).text).toBe(countText(total));

    const [error] = (await proxy.store.listErrors({ q: id }, { limit: 10 })).items;
    expect(error).toBeDefined();
    proxy.sandboxes.salesforce.control.addPicklistValue('Contact', 'LeadSource', 'Podcast');
    await resync([error!.id]);
    const synced = await live.waitForBadge((b) => b.text === '✓', tab);
    expect(synced.title).toContain('this record is synced');
  });

  it("repaints a record page's own badge after the service worker is stopped, from the record it kept for that tab", async () => {
    const id = failingContact('Hedy');
    await proxy.engine.runOnce();
    await live.pair(proxy.url, proxy.token);
    await live.waitForBadge(async (b) => b.text === countText(await open()));
    const url = `${proxy.url}/sandbox/hubspot/contacts/${proxy.sandboxes.hubspot.portalId}/record/0-1/${id}`;
    const page: Page = await session.browser.newPage();
    await page.goto(url);
    const tab = await live.tabId(url);
    await live.waitForBadge((b) => b.text === '1', tab);

    // Chrome keeps the tab's badge while the worker is stopped: the record syncs meanwhile, so only a
    // new worker that knows which record the tab shows can turn it into a check.
    await live.stopWorker();
    const [error] = (await proxy.store.listErrors({ q: id }, { limit: 10 })).items;
    proxy.sandboxes.salesforce.control.addPicklistValue('Contact', 'LeadSource', 'Podcast');
    await resync([error!.id]);

    await session.open('sidepanel.html');
    const synced = await live.waitForBadge((b) => b.text === '✓', tab);
    expect(synced.title).toContain('this record is synced');
    const kept = await live.sessionValue<Record<string, { system: string; id: string }>>('tabRecords');
    expect(kept?.[tab]).toMatchObject({ system: 'hubspot', id });
  });

  it('comes back with the current count after the service worker is stopped', async () => {
    await live.pair(proxy.url, proxy.token);
    const total = await open();
    await live.waitForBadge((b) => b.text === countText(total));

    await live.stopWorker();
    failingContact('Linus');
    await proxy.engine.runOnce();
    expect(await open()).toBe(total + 1);

    // Anything that talks to the extension wakes its worker; in use, the 30-second alarm does.
    await session.open('sidepanel.html');
    await live.waitForBadge((b) => b.text === countText(total + 1));
  });
});
