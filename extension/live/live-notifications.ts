/**
 * @module Notifications: new errors batched per category (instant), daily/weekly digests by alarm, usage
 * warnings. Clicking one opens the side panel on the category it is about.
 */
import { browser } from '#imports';
import type { DigestAnswer, NotificationSettings } from '../../shared/api/control';
import { OUTAGE_SYSTEM_LABELS, type SyncState } from '../../shared/api/sync-state';
import { CATEGORY_INFO, type Category, isCategory } from '../../shared/taxonomy';
import { createProxyClient } from '../api/proxy-client';
import { sendMessage } from '../messaging/protocol';
import { proxySettings } from '../settings/proxy-settings';
import { openPanel } from './browser-surface';
import { lastDigestAt, notifiedOutage, pendingView } from './live-storage';

/** Kept here too: the side panel imported it from this module first. */
export { pendingView };

export const DIGEST_ALARM = 'sync-health-digest';
const BATCH_MS = 3_000;
const PERIOD_MINUTES = { daily: 24 * 60, weekly: 7 * 24 * 60 } as const;

export function createNotifier() {
  let settings: NotificationSettings = { enabled: true, frequency: 'instant', usageWarningPercent: 80 };
  const batch = new Map<Category, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const show = (id: string, title: string, message: string) =>
    browser.notifications
      .create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon-128.png'), title, message })
      .catch((err: unknown) => console.warn('notification failed', err));

  function flush(): void {
    timer = null;
    for (const [category, n] of batch) {
      const label = CATEGORY_INFO[category].label;
      void show(
        `errors:${category}:${Date.now()}`,
        `${n} new ${label} ${n === 1 ? 'error' : 'errors'}`,
        `Records stopped syncing to Salesforce. Open Sync Health to see what to fix.`,
      );
    }
    batch.clear();
  }

  return {
    /** Follows the proxy's notification settings and (re)schedules the digest alarm to match. */
    async applySettings(next: NotificationSettings): Promise<void> {
      settings = next;
      const existing = await browser.alarms.get(DIGEST_ALARM);
      if (!next.enabled || next.frequency === 'instant') {
        if (existing) await browser.alarms.clear(DIGEST_ALARM);
        return;
      }
      const period = PERIOD_MINUTES[next.frequency];
      if (existing?.periodInMinutes !== period) {
        await browser.alarms.create(DIGEST_ALARM, { periodInMinutes: period, delayInMinutes: period });
        if (!(await lastDigestAt.getValue())) await lastDigestAt.setValue(Date.now());
      }
    },
    /** A new error on the live stream: batched per category for a few seconds. */
    newError(category: Category): void {
      if (!settings.enabled || settings.frequency !== 'instant') return;
      batch.set(category, (batch.get(category) ?? 0) + 1);
      if (!timer) timer = setTimeout(flush, BATCH_MS);
    },
    usageWarning(w: { kind: 'allocation' | 'org'; percent: number }): void {
      if (!settings.enabled) return;
      void show(
        `usage:${w.kind}:${Date.now()}`,
        `Salesforce API usage at ${Math.round(w.percent)}%`,
        w.kind === 'allocation'
          ? 'The sync has used most of its allocation; it pauses when the allocation is used up.'
          : "The org's daily API limit is nearly used up.",
      );
    },
    /**
     * The sync's state changed (a `state` event). An outage is announced once when it starts and once
     * when it ends, with notifications on and Instant; a digest says whether one is on when it is sent.
     */
    async stateChanged(state: SyncState): Promise<void> {
      const announced = await notifiedOutage.getValue();
      const instant = settings.enabled && settings.frequency === 'instant';
      if (state.state === 'degraded') {
        const key = `${state.system}:${state.since}`;
        if (announced === key) return;
        await notifiedOutage.setValue(key);
        if (!instant) return;
        const system = OUTAGE_SYSTEM_LABELS[state.system];
        await show(
          `outage:${state.system}:${state.since}`,
          `${system} outage: the sync is waiting`,
          `${state.reason} ${state.queued} ${state.queued === 1 ? 'change is' : 'changes are'} held in the queue; it resumes by itself.`,
        );
        return;
      }
      if (state.state !== 'running' || !announced) return;
      await notifiedOutage.setValue(null);
      if (!instant) return;
      const system = OUTAGE_SYSTEM_LABELS[announced.split(':')[0] as keyof typeof OUTAGE_SYSTEM_LABELS];
      await show(
        `outage-over:${announced}`,
        `${system ?? 'The system'} is back`,
        'The sync runs again and sends the changes it held.',
      );
    },
    /** The digest alarm fired: say what changed since the last digest, and an outage going on. */
    async digest(): Promise<void> {
      if (!settings.enabled || settings.frequency === 'instant') return;
      const since =
        (await lastDigestAt.getValue()) || Date.now() - PERIOD_MINUTES[settings.frequency] * 60_000;
      const client = createProxyClient(await proxySettings.getValue());
      const [d, status] = await Promise.all([
        client.call('GET /notifications/digest', { query: { since } }) as Promise<DigestAnswer>,
        client.call('GET /sync/status'),
      ]);
      await lastDigestAt.setValue(d.until);
      const worst = [...d.categories].sort((a, b) => b.newErrors - a.newErrors)[0];
      const s = status.state;
      const outage =
        s.state === 'degraded'
          ? ` ${OUTAGE_SYSTEM_LABELS[s.system]} outage since ${new Date(s.since).toLocaleString()}: ${s.queued} changes held.`
          : '';
      await show(
        `digest:${worst?.newErrors ? worst.category : 'none'}:${d.until}`,
        `Your ${settings.frequency} Sync Health summary`,
        `${d.headline}. ${d.resolved} resolved, ${d.openErrors} still open.${outage}`,
      );
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * Clicking a notification opens the side panel: on the category it names (ids are
 * `errors:<category>:<time>`, `digest:<category|none>:<time>`, `usage:<kind>:<time>`,
 * `outage:<system>:<since>`, `outage-over:<system>:<since>`), else the overview.
 */
export function handleNotificationClicks(): void {
  // sidePanel.open must run inside the click's user gesture: no await before it, so the window is
  // remembered from focus changes beforehand.
  let focusedWindow: number | undefined;
  void browser.windows.getLastFocused().then((w) => {
    focusedWindow ??= w.id;
  });
  browser.windows.onFocusChanged.addListener((id) => {
    if (id !== browser.windows.WINDOW_ID_NONE) focusedWindow = id;
  });
  browser.notifications.onClicked.addListener((id) => {
    const named = id.split(':')[1] ?? '';
    const category = isCategory(named) ? named : null;
    // Chrome's side panel or Firefox's sidebar; Firefox may refuse outside a toolbar click, and the
    // pending view still waits for the panel.
    openPanel(focusedWindow);
    void pendingView.setValue(category ? { view: 'category', category } : null);
    sendMessage('openView', category ? { view: 'category', category } : { view: 'overview' }).catch(
      () => undefined /* the panel is not open yet: it reads the pending view */,
    );
    void browser.notifications.clear(id);
  });
}
