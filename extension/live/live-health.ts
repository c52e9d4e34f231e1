/**
 * @module Background side of the live health: one connection to the proxy's event stream, the toolbar
 * badge (global and per record tab), and the notifications. An MV3 service worker may be stopped at any
 * time: a 30-second alarm wakes it, checks the connection and refreshes the badge from GET
 * /health/summary; a new worker resumes the stream with the Last-Event-ID kept in session storage.
 */

import type { EventSourceMessage } from 'eventsource-parser';
import { browser } from '#imports';
import type { HealthEvent } from '../../shared/api/control';
import { createProxyClient, type ProxyClient } from '../api/proxy-client';
import { type LiveStatus, onMessage, sendMessage } from '../messaging/protocol';
import { onTabRecordChanged, recordForTab } from '../records/record-tracking';
import { proxySettings } from '../settings/proxy-settings';
import { badgeFor } from './badge';
import { toolbarAction } from './browser-surface';
import { backoffDelay, readEventStream, StreamRefused } from './event-stream';
import { createNotifier, DIGEST_ALARM, handleNotificationClicks } from './live-notifications';
import { lastEventId } from './live-storage';
import { createRecordBadges } from './record-badge';

export const KEEPALIVE_ALARM = 'sync-health-keepalive';
/** The proxy sends a heartbeat every 15 s: a stream silent for longer than this is dead. */
const STALE_MS = 45_000;

export function startLiveHealth(): void {
  let status: LiveStatus = { kind: 'connecting' };
  let controller: AbortController | null = null;
  let client: ProxyClient | null = null;
  let streamOpen = false;
  let lastActivity = 0;
  let countsSeen = 0;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const notifier = createNotifier();
  const action = toolbarAction();
  const recordBadges = createRecordBadges({
    action,
    recordForTab,
    lookup: (ref) =>
      status.kind === 'live' && client
        ? client.call('GET /records/lookup', {
            query: { system: ref.system, objectType: ref.objectType, id: ref.id },
          })
        : null,
  });

  function setStatus(next: LiveStatus): void {
    status = next;
    const look = badgeFor(next);
    void action.setBadgeText({ text: look.text });
    void action.setBadgeBackgroundColor({ color: look.color });
    void action.setTitle({ title: look.title });
    recordBadges.globalChanged(look, next.kind === 'live');
    if (next.kind === 'live')
      sendMessage('healthChanged', { summary: next.summary }).catch(() => undefined /* no panel open */);
  }

  /** The badge and notification settings straight from the proxy (a resumed stream sends no snapshot). */
  async function refresh(api: ProxyClient): Promise<void> {
    const before = countsSeen;
    const [summary, settings] = await Promise.all([
      api.call('GET /health/summary'),
      api.call('GET /settings/notifications'),
    ]);
    await notifier.applySettings(settings);
    // A counts event read meanwhile is newer than this answer.
    if (countsSeen === before && client === api && streamOpen)
      setStatus({ kind: 'live', summary, since: Date.now() });
  }

  function onEvent(e: EventSourceMessage): void {
    lastActivity = Date.now();
    if (e.id) void lastEventId.setValue(e.id);
    let event: HealthEvent;
    try {
      event = { event: e.event, data: JSON.parse(e.data) } as HealthEvent;
    } catch {
      console.warn('unreadable event from the proxy', e.event);
      return;
    }
    // `resolved` and `state` are followed by a `counts` event, which carries all the badge needs.
    if (event.event === 'counts') {
      countsSeen++;
      setStatus({ kind: 'live', summary: event.data, since: Date.now() });
    } else if (event.event === 'error') notifier.newError(event.data.category);
    else if (event.event === 'usage-warning') notifier.usageWarning(event.data);
    else if (event.event === 'state')
      notifier.stateChanged(event.data).catch((err: unknown) => console.warn('outage notification', err));
  }

  function scheduleRetry(): void {
    retryTimer = setTimeout(connect, backoffDelay(failures));
    failures++;
  }

  async function connect(): Promise<void> {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    streamOpen = false;
    const settings = await proxySettings.getValue();
    const resumeFrom = (await lastEventId.getValue()) ?? undefined;
    if (controller !== own) return; // a newer connect() started meanwhile
    if (!settings.token) {
      client = null;
      setStatus({
        kind: 'not-paired',
        message: 'Open the side panel and paste the pairing token the proxy printed.',
      });
      return;
    }
    const api = createProxyClient(settings);
    client = api;
    try {
      await readEventStream({
        url: settings.url,
        token: settings.token,
        lastEventId: resumeFrom,
        signal: own.signal,
        onOpen: () => {
          failures = 0;
          streamOpen = true;
          lastActivity = Date.now();
          refresh(api).catch((err: unknown) => console.warn('summary refresh failed', err));
        },
        onHeartbeat: () => {
          lastActivity = Date.now();
        },
        onEvent,
      });
      // The proxy ended the stream (it is shutting down): try again shortly.
      if (controller === own) {
        streamOpen = false;
        scheduleRetry();
      }
    } catch (err) {
      if (own.signal.aborted || controller !== own) return;
      streamOpen = false;
      if (err instanceof StreamRefused && err.status === 401) {
        setStatus({ kind: 'not-paired', message: err.message });
        return;
      }
      setStatus({
        kind: 'unreachable',
        message: `No proxy at ${settings.url}.`,
        retryAt: Date.now() + backoffDelay(failures),
      });
      scheduleRetry();
    }
  }

  const reconnectNow = () => {
    failures = 0;
    void connect();
  };

  // No '…' painted at start: Chrome keeps the badge while the worker sleeps, and a woken worker should
  // not blank a correct count for the moment its stream takes to open.
  handleNotificationClicks();
  // Alarms under 30 s are clamped by Chrome; each one also keeps a sleeping worker's stream coming back.
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) {
      if (streamOpen && client && Date.now() - lastActivity < STALE_MS)
        refresh(client).catch((err: unknown) => console.warn('summary refresh failed', err));
      else if (!retryTimer) reconnectNow();
    }
    if (alarm.name === DIGEST_ALARM)
      notifier.digest().catch((err: unknown) => console.warn('digest failed', err));
  });
  proxySettings.watch(() => {
    // Another proxy (or token): its event ids mean nothing here.
    void lastEventId.setValue(null).then(reconnectNow);
  });
  onMessage('reconnect', reconnectNow);
  onMessage('liveStatus', () => status);
  onMessage('notificationSettingsChanged', ({ data }) => {
    notifier.applySettings(data).catch((err: unknown) => console.warn('notification settings', err));
  });
  onTabRecordChanged((tabId, ref) => recordBadges.tabChanged(tabId, ref));
  browser.tabs.onRemoved.addListener((tabId) => recordBadges.tabRemoved(tabId));
  void connect();
}
