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

/** The background's live connection: what it shows, the stream it reads, and when it tries again. */
interface LiveState {
  status: LiveStatus;
  controller: AbortController | null;
  client: ProxyClient | null;
  streamOpen: boolean;
  lastActivity: number;
  /** Counts events read so far: a summary answer older than one of them is not shown. */
  countsSeen: number;
  failures: number;
  retryTimer: ReturnType<typeof setTimeout> | null;
}

/** The live state with the surfaces it paints: the toolbar action, the record tabs' badges, notifications. */
interface Live {
  state: LiveState;
  notifier: ReturnType<typeof createNotifier>;
  action: ReturnType<typeof toolbarAction>;
  recordBadges: ReturnType<typeof createRecordBadges>;
}

/**
 * Starts the background's live health: the listeners that wake it and answer the side panel, then the
 * first connection to the proxy's event stream.
 */
export function startLiveHealth(): void {
  const live = createLive();
  listenForWakeUps(live);
  listenForPages(live);
  void connect(live);
}

/** Plan: the state before any connection, and the surfaces (a record tab looks up its record only while live). */
function createLive(): Live {
  const state: LiveState = {
    status: { kind: 'connecting' },
    controller: null,
    client: null,
    streamOpen: false,
    lastActivity: 0,
    countsSeen: 0,
    failures: 0,
    retryTimer: null,
  };
  const notifier = createNotifier();
  const action = toolbarAction();
  const recordBadges = createRecordBadges({
    action,
    recordForTab,
    lookup: (ref) =>
      state.status.kind === 'live' && state.client
        ? state.client.call('GET /records/lookup', {
            query: { system: ref.system, objectType: ref.objectType, id: ref.id },
          })
        : null,
  });
  return { state, notifier, action, recordBadges };
}

/** Persist: keeps the new status and paints it on the toolbar badge, the record tabs and an open side panel. */
function setStatus(live: Live, next: LiveStatus): void {
  live.state.status = next;
  const look = badgeFor(next);
  void live.action.setBadgeText({ text: look.text });
  void live.action.setBadgeBackgroundColor({ color: look.color });
  void live.action.setTitle({ title: look.title });
  live.recordBadges.globalChanged(look, next.kind === 'live');
  if (next.kind === 'live')
    sendMessage('healthChanged', { summary: next.summary }).catch(() => undefined /* no panel open */);
}

/** Send: the badge and notification settings straight from the proxy (a resumed stream sends no snapshot). */
async function refresh(live: Live, api: ProxyClient): Promise<void> {
  const { state } = live;
  const before = state.countsSeen;
  const [summary, settings] = await Promise.all([
    api.call('GET /health/summary'),
    api.call('GET /settings/notifications'),
  ]);
  await live.notifier.applySettings(settings);
  // A counts event read meanwhile is newer than this answer.
  if (state.countsSeen === before && state.client === api && state.streamOpen)
    setStatus(live, { kind: 'live', summary, since: Date.now() });
}

/** Plan: one stream message as a health event; null (with a warning) when it cannot be read. */
function readEvent(e: EventSourceMessage): HealthEvent | null {
  try {
    return { event: e.event, data: JSON.parse(e.data) } as HealthEvent;
  } catch {
    console.warn('unreadable event from the proxy', e.event);
    return null;
  }
}

/**
 * Persist: keeps the event id to resume from, then acts on the event. `resolved` and `state` are followed
 * by a `counts` event, which carries all the badge needs; errors, usage warnings and outages notify.
 */
function onEvent(live: Live, e: EventSourceMessage): void {
  live.state.lastActivity = Date.now();
  if (e.id) void lastEventId.setValue(e.id);
  const event = readEvent(e);
  if (!event) return;
  if (event.event === 'counts') {
    live.state.countsSeen++;
    setStatus(live, { kind: 'live', summary: event.data, since: Date.now() });
  } else if (event.event === 'error') live.notifier.newError(event.data.category);
  else if (event.event === 'usage-warning') live.notifier.usageWarning(event.data);
  else if (event.event === 'state')
    live.notifier.stateChanged(event.data).catch((err: unknown) => console.warn('outage notification', err));
}

/** Plan: the next connection attempt, after a delay that grows with each failure. */
function scheduleRetry(live: Live): void {
  live.state.retryTimer = setTimeout(() => void connect(live), backoffDelay(live.state.failures));
  live.state.failures++;
}

/**
 * Connects to the proxy's event stream (replacing any earlier connection): reads the settings, shows
 * "not paired" without a token, otherwise reads the stream until it ends, then decides what comes next.
 */
async function connect(live: Live): Promise<void> {
  const own = takeOver(live.state);
  const settings = await proxySettings.getValue();
  const resumeFrom = (await lastEventId.getValue()) ?? undefined;
  if (live.state.controller !== own) return; // a newer connect() started meanwhile
  if (!settings.token) {
    live.state.client = null;
    setStatus(live, {
      kind: 'not-paired',
      message: 'Open the side panel and paste the pairing token the proxy printed.',
    });
    return;
  }
  const api = createProxyClient(settings);
  live.state.client = api;
  try {
    await readStream(live, own, api, { url: settings.url, token: settings.token, lastEventId: resumeFrom });
    // The proxy ended the stream (it is shutting down): try again shortly.
    if (live.state.controller === own) {
      live.state.streamOpen = false;
      scheduleRetry(live);
    }
  } catch (err) {
    if (own.signal.aborted || live.state.controller !== own) return;
    streamFailed(live, err, settings.url);
  }
}

/** Plan: a new attempt takes over: the pending retry is dropped and the previous stream aborted. */
function takeOver(state: LiveState): AbortController {
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
  state.controller?.abort();
  const own = new AbortController();
  state.controller = own;
  state.streamOpen = false;
  return own;
}

/** Send: reads the event stream until it ends; on open the failures reset and the summary is refreshed. */
async function readStream(
  live: Live,
  own: AbortController,
  api: ProxyClient,
  from: { url: string; token: string; lastEventId: string | undefined },
): Promise<void> {
  const { state } = live;
  await readEventStream({
    ...from,
    signal: own.signal,
    onOpen: () => {
      state.failures = 0;
      state.streamOpen = true;
      state.lastActivity = Date.now();
      refresh(live, api).catch((err: unknown) => console.warn('summary refresh failed', err));
    },
    onHeartbeat: () => {
      state.lastActivity = Date.now();
    },
    onEvent: (e) => onEvent(live, e),
  });
}

/** Plan: after a failed stream, a refused token shows "not paired"; anything else "unreachable", retried. */
function streamFailed(live: Live, err: unknown, url: string): void {
  live.state.streamOpen = false;
  if (err instanceof StreamRefused && err.status === 401) {
    setStatus(live, { kind: 'not-paired', message: err.message });
    return;
  }
  setStatus(live, {
    kind: 'unreachable',
    message: `No proxy at ${url}.`,
    retryAt: Date.now() + backoffDelay(live.state.failures),
  });
  scheduleRetry(live);
}

/** Connects again at once, as if no attempt had failed. */
function reconnectNow(live: Live): void {
  live.state.failures = 0;
  void connect(live);
}

/**
 * The alarms that wake a sleeping worker: every 30 s the keep-alive refreshes a live stream or reconnects
 * a silent one; the digest alarm sends the notification digest. Also the notification clicks.
 */
function listenForWakeUps(live: Live): void {
  const { state } = live;
  // No '…' painted at start: Chrome keeps the badge while the worker sleeps, and a woken worker should
  // not blank a correct count for the moment its stream takes to open.
  handleNotificationClicks();
  // Alarms under 30 s are clamped by Chrome; each one also keeps a sleeping worker's stream coming back.
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) {
      if (state.streamOpen && state.client && Date.now() - state.lastActivity < STALE_MS)
        refresh(live, state.client).catch((err: unknown) => console.warn('summary refresh failed', err));
      else if (!state.retryTimer) reconnectNow(live);
    }
    if (alarm.name === DIGEST_ALARM)
      live.notifier.digest().catch((err: unknown) => console.warn('digest failed', err));
  });
}

/** What the side panel, the options page, the settings and the tabs ask of the live connection. */
function listenForPages(live: Live): void {
  proxySettings.watch(() => {
    // Another proxy (or token): its event ids mean nothing here.
    void lastEventId.setValue(null).then(() => reconnectNow(live));
  });
  onMessage('reconnect', () => reconnectNow(live));
  onMessage('liveStatus', () => live.state.status);
  onMessage('notificationSettingsChanged', ({ data }) => {
    live.notifier.applySettings(data).catch((err: unknown) => console.warn('notification settings', err));
  });
  onTabRecordChanged((tabId, ref) => live.recordBadges.tabChanged(tabId, ref));
  browser.tabs.onRemoved.addListener((tabId) => live.recordBadges.tabRemoved(tabId));
}
