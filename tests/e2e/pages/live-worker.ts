/**
 * @module The background as a user's browser shows it: the toolbar badge (global or one tab's), the
 * notifications on screen, alarms. Read from the extension's service worker target, found afresh on every
 * call because the worker may be stopped and started again during a test.
 */
import type { ExtensionSession } from '../fixture';

export interface Badge {
  text: string;
  title: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function liveWorker(session: ExtensionSession) {
  /**
   * Runs `fn(arg)` in the service worker over a fresh CDP session. Puppeteer's cached WebWorker for a
   * worker that was stopped and started again waits forever for a context that never comes back.
   */
  async function inWorker<A, R>(fn: (arg: A) => Promise<R> | R, arg: A): Promise<R> {
    const target = await session.browser.waitForTarget(
      (t) =>
        t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${session.extensionId}/`),
      { timeout: 5_000 },
    );
    const cdp = await target.createCDPSession();
    try {
      const r = await cdp.send('Runtime.evaluate', {
        expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
        awaitPromise: true,
        returnByValue: true,
      });
      if (r.exceptionDetails)
        throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value as R;
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }

  const badge = (tabId?: number): Promise<Badge> =>
    inWorker(
      async (id: number | null) => ({
        text: await chrome.action.getBadgeText(id === null ? {} : { tabId: id }),
        title: await chrome.action.getTitle(id === null ? {} : { tabId: id }),
      }),
      tabId ?? null,
    );

  const notificationIds = (): Promise<string[]> =>
    inWorker(async () => Object.keys(await chrome.notifications.getAll()), null);

  return {
    badge,
    notificationIds,
    /** Polls the badge every 25 ms until `test` holds; fails after 20 s saying what it showed. */
    async waitForBadge(test: (b: Badge) => boolean | Promise<boolean>, tabId?: number): Promise<Badge> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const b = await badge(tabId).catch((e: Error) => ({ text: '(worker restarting)', title: e.message }));
        if (await test(b)) return b;
        if (Date.now() > deadline) throw new Error(`Badge stayed "${b.text}" (${b.title})`);
        await sleep(25);
      }
    },
    /** Waits for notifications whose id starts with `prefix`; returns all of them. */
    async waitForNotifications(prefix: string): Promise<string[]> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ids = (await notificationIds()).filter((id) => id.startsWith(prefix));
        if (ids.length) return ids;
        if (Date.now() > deadline)
          throw new Error(`No notification "${prefix}…": ${await notificationIds()}`);
        await sleep(100);
      }
    },
    /** What the extension keeps in session storage under `key` (WXT's `session:<key>` items). */
    sessionValue: <T>(key: string): Promise<T | undefined> =>
      inWorker(async (k: string) => (await chrome.storage.session.get(k))[k] as T | undefined, key),
    /** The id of the tab showing `url` (as chrome.tabs sees it). */
    async tabId(url: string): Promise<number> {
      // Over a CDP session of its own, detached after: an attached debugger would keep the worker running.
      const id = await inWorker(
        async (u: string) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null,
        url,
      );
      if (id === null) throw new Error(`No tab shows ${url}`);
      return id;
    },
    /** Waits until an alarm of that name is scheduled, then makes it fire now (same name, `when` now). */
    async fireAlarm(name: string): Promise<void> {
      const scheduled = () => inWorker(async (n: string) => Boolean(await chrome.alarms.get(n)), name);
      for (let i = 0; i < 100 && !(await scheduled()); i++) await sleep(50);
      if (!(await scheduled())) throw new Error(`No alarm "${name}"`);
      await inWorker((n: string) => chrome.alarms.create(n, { when: Date.now() }), name);
    },
    /**
     * Pairs by writing the proxy settings from an extension page, as the options page does. Unlike the
     * fixture's pair(), it leaves no debugger attached to the worker: an attached one keeps it running.
     */
    async pair(url: string, token: string): Promise<void> {
      const page = await session.open('options.html');
      await page.evaluate((proxy) => chrome.storage.local.set({ proxy }), { url, token });
      await page.close();
    },
    /** Stops the extension's service worker, as Chrome does when it has been idle. */
    async stopWorker(): Promise<void> {
      const page = await session.browser.newPage();
      const cdp = await page.createCDPSession();
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await page.close();
      const running = () =>
        session.browser
          .targets()
          .some((t) => t.type() === 'service_worker' && t.url().includes(session.extensionId));
      for (let i = 0; i < 100 && running(); i++) await sleep(50);
      if (running()) throw new Error('The service worker did not stop.');
    },
  };
}

export type LiveWorker = ReturnType<typeof liveWorker>;
