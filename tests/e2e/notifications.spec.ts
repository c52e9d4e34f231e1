import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { type LiveWorker, liveWorker } from './pages/live-worker';

describe('notifications', () => {
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

  async function pairAndGoLive() {
    await live.pair(proxy.url, proxy.token);
    const want = String((await proxy.store.summary()).totalOpenErrors);
    await live.waitForBadge((b) => b.text === want);
  }

  /** New HubSpot contacts whose Lead Source the org's picklist refuses: picklist errors on the next run. */
  async function newPicklistErrors(...names: string[]) {
    for (const name of names)
      proxy.sandboxes.hubspot.control.createRecord('contacts', {
        firstname: name,
        lastname: 'Podcaster',
        email: `${name.toLowerCase()}@podcast.example`,
        leadsource: 'Podcast',
      });
    await proxy.engine.runOnce();
  }

  const setFrequency = async (frequency: 'instant' | 'daily' | 'weekly') => {
    const res = await fetch(`${proxy.url}/api/v1/settings/notifications`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ frequency }),
    });
    expect(res.status).toBe(200);
  };

  it('fires one instant notification per category for a burst of new errors', async () => {
    await pairAndGoLive();
    expect(await live.notificationIds()).toEqual([]);
    await newPicklistErrors('Ada', 'Grace');
    const ids = await live.waitForNotifications('errors:');
    // Both errors arrive within the batching window: one picklist notification, nothing for other types.
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^errors:picklists:/);
  });

  it('notifies about errors recorded while the service worker was stopped, once it wakes', async () => {
    await pairAndGoLive();
    await live.stopWorker();
    await newPicklistErrors('Linus');
    // Any extension page wakes the worker; it resumes the stream from the last event id it read.
    await session.open('sidepanel.html');
    const ids = await live.waitForNotifications('errors:');
    expect(ids[0]).toMatch(/^errors:picklists:/);
  });

  it('a side panel opened after a notification click shows the category the notification named', async () => {
    await pairAndGoLive();
    // What the click handler leaves in session storage (unit-tested on a fake browser: Chromium gives
    // puppeteer no way to click a system notification).
    const worker = await session.worker();
    await worker.evaluate(() =>
      chrome.storage.session.set({ pendingView: { view: 'category', category: 'picklists' } }),
    );
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=category-view][data-category=picklists]', { timeout: 15_000 });
    // Read once: the next panel opens on the overview again.
    const left = await worker.evaluate(() => chrome.storage.session.get('pendingView'));
    expect(left.pendingView ?? null).toBeNull();
  });

  it('sends no instant notification when the proxy asks for a daily digest', async () => {
    await setFrequency('daily');
    await pairAndGoLive();
    await newPicklistErrors('Ada');
    await live.waitForBadge(async (b) => b.text === String((await proxy.store.summary()).totalOpenErrors));
    // The badge already moved, so the error event was read; the batch window is 3 s.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await live.notificationIds()).toEqual([]);
  });

  it('shows the daily digest of what changed since the last one when its alarm fires', async () => {
    await setFrequency('daily');
    await pairAndGoLive();
    await newPicklistErrors('Ada', 'Grace');
    // The digest alarm is scheduled a day ahead; fire it now under the same name.
    await live.fireAlarm('sync-health-digest');
    const [id] = await live.waitForNotifications('digest:');
    // The digest names the category with the most new errors since pairing: the two picklist errors.
    expect(id).toMatch(/^digest:picklists:/);
  });
});
