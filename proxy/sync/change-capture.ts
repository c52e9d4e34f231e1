/**
 * @module Salesforce → CRM by Change Data Capture: the sync subscribes to each mapped object's change
 * events and pulls an object when an event says it changed (the pull itself is the SystemModstamp
 * query of pull-from-salesforce.ts, so echoes, diffs and parents work as with polling). Objects whose
 * events arrive are not polled, except by a slow safety poll. Each object has its own stream: when the
 * org refuses an object's subscription or its stream stops, that object alone falls back to (adaptive)
 * polling, the others keep their events, and the status says which objects are polled and why, in words.
 *
 * "Stopped" is told by the Streaming API's own answers, never by clock distance: the session was refused
 * (`reconnect: none`), or several connect/handshake attempts in a row failed (answered unsuccessfully, or
 * not answered). One lost long-poll is not an outage: faye reconnects and the replay id resumes the
 * stream where it was, so nothing is missed.
 *
 * The replay id of the last event whose changes were pulled is stored (cursor `cdc_replay`), so a
 * restart within Salesforce's 72-hour retention replays what it missed.
 */

import type { PolledBecause, SalesforceChanges } from '../../shared/api/sync-state';
import { SYNC_CLIENT_NAME } from '../salesforce/adapter';
import type {
  ChangeEvent,
  ChangeStream,
  ChangeStreamHandlers,
  ConnectOutcome,
} from '../salesforce/streaming';
import type { Store } from '../store';

/** What the capture knows; the engine adds the polling settings to make the API's `SalesforceChanges`. */
export type SalesforceChangesStatus = Omit<SalesforceChanges, 'pollFloorMinutes' | 'pollCeilingMinutes'>;

export interface ChangeCaptureDeps {
  store: Store;
  open?: (handlers: ChangeStreamHandlers) => ChangeStream;
  /** Our own writes coming back (also recognised by client=SyncHealth in changeOrigin): no pull. */
  integrationUserId: string | null;
  /** Called when an event asks for a pull (the engine runs soon). */
  onChange: () => void;
  log: (level: 'warn' | 'info', line: string) => void;
  /** Events are considered stopped after this many failed connect/handshake attempts in a row (default 3). */
  failedAttempts?: number;
}

export interface ChangeCapture {
  /**
   * Subscribes to the objects not yet followed (again after the stream stopped); objects the org refused
   * are asked again only with `retryRefused`. No-op without a stream.
   */
  start(objects: string[], retryRefused?: boolean): Promise<void>;
  /** Objects currently followed by change events. */
  streamed(): Set<string>;
  /** Objects an event marked as changed since their last pull. */
  changed(): Set<string>;
  /** The positions to store once `objects` were pulled; call `pulled(snapshot)` after the pull. */
  snapshot(objects: Iterable<string>): Record<string, number>;
  pulled(snapshot: Record<string, number>): Promise<void>;
  status(objects: string[]): SalesforceChangesStatus;
  stop(): void;
}

const REPLAY_KEY = 'cdc_replay';

export function createChangeCapture(deps: ChangeCaptureDeps): ChangeCapture {
  let stream: ChangeStream | null = null;
  /** object → latest replay id seen (pulled or not). */
  const seen = new Map<string, number>();
  const dirty = new Set<string>();
  const following = new Set<string>();
  const refused = new Map<string, string>();
  /** Per object's client: failed connect/handshake attempts since its last answered one, and why. */
  const failing = new Map<string, { attempts: number; reason: string; refused: boolean }>();
  const allowed = deps.failedAttempts ?? 3;

  const stored = async () => (await deps.store.cursor(REPLAY_KEY)) ?? {};
  // Read and write in one transaction: an event's position and a pull's must not overwrite each other.
  const store = async (positions: Record<string, number>) => {
    if (!Object.keys(positions).length) return;
    await deps.store.tx(
      async () => await deps.store.setCursor(REPLAY_KEY, { ...(await stored()), ...positions }),
    );
  };

  /** Why `object`'s events stopped (its client refused, or failing attempt after attempt), or null. */
  const stopReason = (object: string): string | null => {
    const f = failing.get(object);
    return f && (f.refused || f.attempts >= allowed) ? f.reason : null;
  };
  /** Objects whose events stopped: each is polled on its own, the others keep their events. */
  const announced = new Set<string>();
  const stoppedObjects = () => {
    const out = new Set<string>();
    for (const object of failing.keys()) {
      const reason = stopReason(object);
      if (reason === null) continue;
      out.add(object);
      if (!announced.has(object))
        deps.log(
          'warn',
          `Salesforce change events stopped for ${object} (${reason}): ${object} is polled until they come back.`,
        );
      announced.add(object);
    }
    return out;
  };

  const handlers: ChangeStreamHandlers = {
    onEvent(e: ChangeEvent) {
      seen.set(e.object, Math.max(seen.get(e.object) ?? 0, e.replayId));
      // An event is an answered connect.
      if (failing.has(e.object)) handlers.onConnect(e.object, { kind: 'ok' });
      // Our own write coming back: nothing to pull; its position is stored once nothing before it waits.
      const ours =
        e.changeOrigin.includes(`client=${SYNC_CLIENT_NAME}`) ||
        (deps.integrationUserId !== null && e.commitUser === deps.integrationUserId);
      if (ours) {
        // Not stored (the proxy is shutting down): the event is read again after the restart, and skipped.
        if (!dirty.has(e.object)) void store({ [e.object]: e.replayId }).catch(() => undefined);
        return;
      }
      dirty.add(e.object);
      deps.onChange();
    },
    onConnect(object, outcome: ConnectOutcome) {
      if (outcome.kind === 'ok') {
        if (!failing.has(object)) return;
        // A short drop loses nothing (the client resumes from its replay id); after a stop, whatever
        // changed meanwhile is read once by a pull.
        const wasStopped = stopReason(object) !== null;
        failing.delete(object);
        announced.delete(object);
        if (wasStopped && following.has(object)) {
          deps.log('info', `Salesforce change events are back for ${object}: it is no longer polled.`);
          dirty.add(object);
          deps.onChange();
        }
        return;
      }
      const held = failing.get(object);
      failing.set(object, {
        attempts: (held?.attempts ?? 0) + 1,
        reason: outcome.reason,
        refused: (held?.refused ?? false) || outcome.kind === 'refused',
      });
    },
  };

  return {
    async start(objects, retryRefused = false) {
      if (!deps.open) return;
      stream ??= deps.open(handlers);
      for (const object of stoppedObjects()) {
        // Start that object afresh: a new session, a new handshake (its old client may hold an expired
        // token); the objects whose events flow keep their clients.
        stream.close(object);
        following.delete(object);
        failing.delete(object);
        announced.delete(object);
      }
      const positions = await stored();
      for (const object of objects) {
        if (following.has(object) || (refused.has(object) && !retryRefused)) continue;
        try {
          await stream.subscribe(object, positions[object] ?? -1);
          following.add(object);
          refused.delete(object);
          // No stored position: what changed before this subscription is read once by a pull.
          if (positions[object] === undefined) dirty.add(object);
        } catch (err) {
          // The session refused (an expired token): events stopped, and the next start tries a new
          // session (the polls meanwhile refresh the token); the object itself was not refused.
          if (failing.get(object)?.refused) continue;
          const reason = err instanceof Error ? err.message : String(err);
          if (refused.get(object) !== reason)
            deps.log('info', `No change events for ${object} (${reason}): it is polled.`);
          refused.set(object, reason);
        }
      }
    },
    streamed() {
      const stopped = stoppedObjects();
      return new Set([...following].filter((o) => !stopped.has(o)));
    },
    changed: () => new Set(dirty),
    snapshot(objects) {
      const out: Record<string, number> = {};
      for (const o of objects) out[o] = seen.get(o) ?? 0;
      return out;
    },
    async pulled(snapshot) {
      // An event that arrived during the pull may be past what the pull read: it stays to be pulled.
      for (const [o, id] of Object.entries(snapshot)) if ((seen.get(o) ?? 0) === id) dirty.delete(o);
      await store(Object.fromEntries(Object.entries(snapshot).filter(([, id]) => id > 0)));
    },
    status(objects) {
      const stopped = stoppedObjects();
      const streamed = objects.filter((o) => following.has(o) && !stopped.has(o));
      const polled = objects
        .filter((o) => !streamed.includes(o))
        .map((object) => {
          const kind: PolledBecause = !deps.open
            ? 'unavailable'
            : stopped.has(object)
              ? 'stopped'
              : refused.has(object)
                ? /Unknown channel/i.test(refused.get(object) ?? '')
                  ? 'not-enabled'
                  : 'refused'
                : 'starting';
          const reason = {
            unavailable: 'change events are not used with this connection',
            stopped: `change events stopped for ${object}: ${stopReason(object)}`,
            'not-enabled': `Salesforce offers no change events for ${object} (turn them on in Setup → Change Data Capture)`,
            refused: `change events could not start (${refused.get(object)})`,
            starting: 'change events are being set up',
          }[kind];
          const cause = kind === 'stopped' ? (stopReason(object) ?? undefined) : undefined;
          return cause ? { object, kind, reason, cause } : { object, kind, reason };
        });
      return {
        mode: polled.length === 0 ? 'events' : streamed.length === 0 ? 'polling' : 'mixed',
        streamed,
        polled,
      };
    },
    stop() {
      stream?.close();
      stream = null;
      following.clear();
      failing.clear();
      announced.clear();
    },
  };
}
