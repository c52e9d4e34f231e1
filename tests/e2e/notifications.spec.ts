import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';

const notificationIds = async (session: ExtensionSession) =>
  (await session.worker()).evaluate(async () => Object.keys(await chrome.notifications.getAll()));

async function waitForNotification(session: ExtensionSession, prefix: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await notificationIds(session)).find((id) => id.startsWith(prefix));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`No notification "${prefix}…": ${await notificationIds(session)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const badgeText = async (session: ExtensionSession) =>
  (await session.worker()).evaluate(() => chrome.action.getBadgeText({}));

describe('notifications', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeEach(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
  });
  afterEach(async () => {
    await session?.close();
    await proxy?.close();
  });

  async function pairAndGoLive() {
    await session.pair(proxy.url, proxy.token);
    const want = String(proxy.store.summary().totalOpenErrors);
    for (let i = 0; i < 200 && (await badgeText(session)) !== want; i++)
      await new Promise((r) => setTimeout(r, 50));
  }

  it('fires one instant notification per category for new errors', async () => {
    await pairAndGoLive();
    for (const name of ['Ada', 'Grace'])
      proxy.sandboxes.hubspot.control.createRecord('contacts', {
        firstname: name,
        lastname: 'Podcaster',
        email: `${name.toLowerCase()}@podcast.example`,
        leadsource: 'Podcast',
      });
    await proxy.engine.runOnce();
    const id = await waitForNotification(session, 'errors:picklists:');
    expect(id).toMatch(/^errors:picklists:/);
    expect((await notificationIds(session)).filter((n) => n.startsWith('errors:picklists:'))).toHaveLength(1);
  });

  it('shows the daily digest when its alarm fires', async () => {
    const res = await fetch(`${proxy.url}/api/v1/settings/notifications`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ frequency: 'daily' }),
    });
    expect(res.status).toBe(200);
    await pairAndGoLive();
    const worker = await session.worker();
    // The digest alarm is scheduled a day ahead; fire it now under the same name.
    for (let i = 0; i < 100 && !(await worker.evaluate(() => chrome.alarms.get('sync-health-digest'))); i++)
      await new Promise((r) => setTimeout(r, 50));
    await worker.evaluate(() => chrome.alarms.create('sync-health-digest', { when: Date.now() + 10 }));
    const id = await waitForNotification(session, 'digest:');
    expect(id).toMatch(/^digest:/);
  });
});
