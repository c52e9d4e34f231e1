/**
 * @module Team alerts on the server: suspensions and outages as they start and end (frequency Instant),
 * and the daily or weekly digest — the frequencies of the browser notifications (the store's notification
 * settings) — sent to the Slack webhook and the e-mail addresses of `team-alerts.json`.
 */
import type { RunningSync } from '../routes/api-deps';
import type { SyncState } from '../sync/engine';
import { digestAlert, stateAlert } from './alert-messages';
import type { TeamAlertSettingsFile } from './alert-settings';
import { type DeliveryResult, deliver, type TeamAlert } from './senders';

const PERIOD_MS = { daily: 24 * 3_600_000, weekly: 7 * 24 * 3_600_000 } as const;

export interface TeamAlertsDeps {
  settings: TeamAlertSettingsFile;
  sync: () => (Pick<RunningSync, 'engine' | 'store'> & Partial<Pick<RunningSync, 'replica'>>) | null;
  /** Where the time of the last digest survives a restart (the team directory). */
  lastDigest: { get(): Promise<number | null>; set(at: number): Promise<void> };
  now?: () => number;
  /** How often the digest schedule is checked (tests shorten it). */
  tickMs?: number;
}

export function createTeamAlerts(deps: TeamAlertsDeps) {
  const now = deps.now ?? Date.now;
  let announced: string | null = null;
  let unsubscribe: (() => void) | null = null;
  let watched: unknown = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let sending: Promise<unknown> = Promise.resolve();

  // With several replicas on one database, only the one running the sync alerts: one message, not one each.
  const leading = () => deps.sync()?.replica?.isLeader() ?? true;
  const notifications = async () => (await deps.sync()?.store.settings())?.notifications ?? null;
  const send = (alert: TeamAlert, only?: DeliveryResult['channel']): Promise<DeliveryResult[]> => {
    const job = sending.then(async () => {
      const results = await deliver(await deps.settings.read(), alert, only);
      for (const r of results.filter((x) => !x.ok)) {
        console.error(
          `[sync-health] team alert by ${r.channel === 'slack' ? 'Slack' : 'e-mail'} failed: ${r.message}`,
        );
      }
      return results;
    });
    sending = job.catch(() => undefined);
    return job;
  };

  function onState(state: SyncState): void {
    const next = stateAlert(state, announced);
    if (!next || !leading()) return;
    announced = next.key;
    void notifications()
      .then((n) => (n?.enabled && n.frequency === 'instant' ? send(next.alert) : null))
      // The store closed while the proxy shut down: nothing is sent.
      .catch(() => undefined);
  }

  async function digestIfDue(): Promise<DeliveryResult[] | null> {
    const sync = deps.sync();
    const n = await notifications();
    if (!sync || !leading() || !n?.enabled || n.frequency === 'instant') return null;
    const at = now();
    const last = await deps.lastDigest.get();
    if (last === null) {
      // The first period starts when the digest is switched on, as in the browser.
      await deps.lastDigest.set(at);
      return null;
    }
    if (at - last < PERIOD_MS[n.frequency]) return null;
    const digest = await sync.store.digest(last);
    await deps.lastDigest.set(at);
    return send(
      digestAlert(n.frequency, {
        since: last,
        until: at,
        categories: digest.categories,
        state: await sync.engine.status(),
      }),
    );
  }

  /** Subscribes to the running sync's engine; a reconnect replaces the engine, so this runs on every tick. */
  function follow(): void {
    const engine = deps.sync()?.engine ?? null;
    if (engine === watched) return;
    unsubscribe?.();
    watched = engine;
    unsubscribe = engine ? engine.events.on('state', onState) : null;
  }

  return {
    /** Follows the running sync's state events and checks the digest schedule every `tickMs`. */
    watch(): void {
      follow();
      if (!timer) {
        timer = setInterval(() => {
          follow();
          void digestIfDue();
        }, deps.tickMs ?? 60_000);
        timer.unref?.();
      }
    },
    digestIfDue,
    /** Sends a test alert to every configured channel (or only `channel`) and answers each one's result. */
    test(channel?: DeliveryResult['channel']): Promise<DeliveryResult[]> {
      return send(
        {
          title: 'Test alert',
          body: 'Team alerts from Sync Health reach this channel: suspensions, outages and digests will come here.',
        },
        channel,
      );
    },
    /** Resolves once the alerts being sent are out (tests, shutdown). */
    flushed: () => sending,
    stop(): void {
      unsubscribe?.();
      unsubscribe = null;
      watched = null;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type TeamAlerts = ReturnType<typeof createTeamAlerts>;
