import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';

const badge = async (session: ExtensionSession) => {
  const w = await session.worker();
  return w.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    title: await chrome.action.getTitle({}),
  }));
};

async function waitForBadge(
  session: ExtensionSession,
  test: (b: { text: string; title: string }) => boolean,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const b = await badge(session);
    if (test(b)) return b;
    if (Date.now() > deadline) throw new Error(`Badge stayed "${b.text}" (${b.title})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the toolbar badge follows the proxy live', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeEach(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
  });
  afterEach(async () => {
    await session?.close();
    await proxy?.close().catch(() => undefined);
  });

  it('shows the open-error count, falls within a second of errors resolving, and says when the proxy stops', async () => {
    await session.pair(proxy.url, proxy.token);
    const total = proxy.store.summary().totalOpenErrors;
    const first = await waitForBadge(session, (b) => b.text === (total > 99 ? '99+' : String(total)));
    expect(first.title).toContain(`${total} open sync errors`);

    // Fix the cause in the org, then resync those errors as the side panel would.
    const podcast = proxy.store.listErrors({ category: 'picklists', q: 'Podcast' }, { limit: 100 }).items;
    expect(podcast.length).toBeGreaterThan(0);
    proxy.sandboxes.salesforce.control.addPicklistValue('Contact', 'LeadSource', 'Podcast');
    const res = await fetch(`${proxy.url}/api/v1/resync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ errorIds: podcast.map((e) => e.id) }),
    });
    expect(res.status).toBe(200);
    const resolvedAt = Date.now();
    const after = proxy.store.summary().totalOpenErrors;
    expect(after).toBe(total - podcast.length);
    await waitForBadge(session, (b) => b.text === String(after));
    console.log(
      `[figure] badge updated ${Date.now() - resolvedAt} ms after the proxy resolved ${podcast.length} errors`,
    );

    await proxy.close();
    const off = await waitForBadge(session, (b) => b.text === 'off');
    expect(off.title).toContain('npm start');
  });

  it('asks for pairing when the token is wrong', async () => {
    await session.pair(proxy.url, 'not-the-token');
    const b = await waitForBadge(session, (x) => x.text === '!');
    expect(b.title).toContain('not paired');
  });
});
