/**
 * @module Background side of the live health: one connection to the proxy's event stream, the toolbar
 * badge, and the notifications. An MV3 service worker may be stopped at any time: a 30-second alarm
 * wakes it and reconnects (resuming with Last-Event-ID), and every start paints the badge at once.
 */
import { browser } from '#imports';
import type { NotificationSettings } from '../../shared/api/control';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import { CATEGORIES, type Category } from '../../shared/taxonomy';
import { createProxyClient } from '../api/proxy-client';
import { type LiveStatus, onMessage, sendMessage } from '../messaging/protocol';
import { proxySettings } from '../settings/proxy-settings';
import { badgeFor } from './badge';
import { readEventStream, StreamRefused } from './event-stream';
import { createNotifier, DIGEST_ALARM, pendingView } from './live-notifications';

export const KEEPALIVE_ALARM = 'sync-health-keepalive';
const MAX_BACKOFF_MS = 30_000;

export function startLiveHealth(): void {
  let status: LiveStatus = { kind: 'connecting' };
  let controller: AbortController | null = null;
  let lastEventId: string | undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const notifier = createNotifier();

  function setStatus(next: LiveStatus): void {
    status = next;
    const look = badgeFor(next);
    // Firefox's build is MV2: the toolbar button is browserAction there.
    const action =
      browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
    void action.setBadgeText({ text: look.text });
    void action.setBadgeBackgroundColor({ color: look.color });
    void action.setTitle({ title: look.title });
    if (next.kind === 'live')
      sendMessage('healthChanged', { summary: next.summary }).catch(() => undefined /* no panel open */);
  }

  function scheduleRetry(): void {
    // 1 s, 2 s, 4 s … 30 s: a proxy that is starting up is found quickly, a stopped one is not hammered.
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 5));
    failures++;
    retryTimer = setTimeout(connect, delay);
  }

  async function connect(): Promise<void> {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const settings = await proxySettings.getValue();
    if (!settings.token) {
      setStatus({
        kind: 'not-paired',
        message: 'Open the side panel and paste the pairing token the proxy printed.',
      });
      return;
    }
    try {
      const client = createProxyClient(settings);
      notifier.applySettings(await client.call('GET /settings/notifications')).catch(() => undefined);
      await readEventStream({
        url: settings.url,
        token: settings.token,
        lastEventId,
        signal: own.signal,
        onOpen: () => {
          failures = 0;
        },
        onEvent: (e) => {
          if (e.id) lastEventId = e.id;
          const data = JSON.parse(e.data) as unknown;
          if (e.event === 'counts')
            setStatus({ kind: 'live', summary: data as HealthSummaryResponse, since: Date.now() });
          else if (e.event === 'error') notifier.newError((data as { category: Category }).category);
          else if (e.event === 'usage-warning')
            notifier.usageWarning(data as { kind: 'allocation'; percent: number });
        },
      });
      if (controller === own) scheduleRetry();
    } catch (err) {
      if (own.signal.aborted) return;
      if (err instanceof StreamRefused && err.status === 401) {
        setStatus({ kind: 'not-paired', message: err.message });
        return;
      }
      setStatus({
        kind: 'unreachable',
        message: `No proxy at ${settings.url}.`,
        retryAt: Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures),
      });
      scheduleRetry();
    }
  }

  let focusedWindow: number | undefined;
  void browser.windows.getLastFocused().then((w) => {
    focusedWindow ??= w.id;
  });
  browser.windows.onFocusChanged.addListener((id) => {
    if (id !== browser.windows.WINDOW_ID_NONE) focusedWindow = id;
  });

  setStatus(status);
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM && status.kind !== 'live' && !retryTimer) void connect();
    if (alarm.name === DIGEST_ALARM)
      notifier.digest().catch((err: unknown) => console.warn('digest failed', err));
  });
  proxySettings.watch(() => {
    lastEventId = undefined;
    failures = 0;
    void connect();
  });
  onMessage('reconnect', () => {
    failures = 0;
    void connect();
  });
  onMessage('liveStatus', () => status);
  browser.notifications.onClicked.addListener((id) => {
    const category = id.split(':')[1] as Category;
    if (!(CATEGORIES as readonly string[]).includes(category)) return;
    void pendingView.setValue({ view: 'category', category });
    // Opening the panel must happen in the click's user gesture: no await before it, hence the window
    // id kept from focus changes.
    const chromeApi = (globalThis as { chrome?: typeof chrome }).chrome;
    if (chromeApi?.sidePanel && focusedWindow !== undefined)
      chromeApi.sidePanel.open({ windowId: focusedWindow }).catch(() => undefined);
    else (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction?.open();
    sendMessage('openView', { view: 'category', category }).catch(() => undefined);
  });
  void connect();
}

export type { NotificationSettings };
