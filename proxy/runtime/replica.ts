/**
 * @module Several replicas of `sync-health serve --database` on one PostgreSQL database (issue 18): exactly one,
 * the holder of the identity's advisory lock, runs the sync engine (scheduled runs, pulls, pushes, change
 * events, auto-retries); the others serve the API from the same database, try the lock every few seconds and
 * take over when the holder's session ends. Actions that need the engine (resync, run now, accept the
 * preview, clear a suspension, save mappings) are handed from a standby to the leader as a row in
 * `replica_requests` plus a NOTIFY, and the standby answers with the leader's own result: a resync's outcome
 * is what Salesforce answered the replica that sent it, never a guess. Without a database (SQLite, local
 * mode) this replica is the only one and always leads.
 */
import { hostname } from 'node:os';
import type { ReplicaStatus } from '../../shared/api/status';
import { ApiHttpError } from '../http/api-http-error';
import { busMessages, type EventBus, forwardHealthEvents } from '../routes/event-hub';
import type { Store } from '../store/index';
import {
  createLeaderLock,
  openReplicaCoordination,
  type ReplicaAnswer,
  type ReplicaCoordination,
  replicaChannels,
} from '../store/pg/replica-coordination';
import { MappingSetError, type SyncEngine } from '../sync/engine';

/** How often a standby tries the lock, and the leader checks it still holds it. */
export const LEADER_RETRY_MS = 2_000;
/** How long a standby waits for the leader's answer to a handed-over action. */
const ANSWER_TIMEOUT_MS = 120_000;
const HOUR_MS = 60 * 60_000;

/** The actions that run on the engine of the leader only (the rest read the shared store). */
const FORWARDED = [
  'resync',
  'resyncAll',
  'runOnce',
  'acceptPreview',
  'clearSuspension',
  'setMappings',
  'validateMappings',
] as const;
type Forwarded = (typeof FORWARDED)[number];

export interface Replica {
  /** The engine the routes use: on a standby, the forwarded actions are carried out by the leader. */
  engine: SyncEngine;
  status(): Promise<ReplicaStatus>;
  isLeader(): boolean;
  /** LISTEN/NOTIFY for the event hub (PostgreSQL only): events reach the clients of every replica. */
  eventBus?: EventBus;
  close(): Promise<void>;
}

/** This replica's name in status lines: SYNC_HEALTH_REPLICA, else host and process id. */
export const replicaName = () => process.env.SYNC_HEALTH_REPLICA || `${hostname()}:${process.pid}`;

export interface ReplicaOptions {
  /** postgres:// URL of the shared store; absent: SQLite, one replica. */
  database?: string;
  identityKey: string;
  store: Store;
  engine: SyncEngine;
  /** Start the engine's schedule when leading (tests drive runs themselves with false). */
  autoStart?: boolean;
  name?: string;
  retryMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const name = options.name ?? replicaName();
  const now = options.now ?? Date.now;
  const { engine } = options;
  const autoStart = options.autoStart !== false;
  if (!options.database) {
    const since = now();
    if (autoStart) engine.start();
    return {
      engine,
      isLeader: () => true,
      status: async () => ({ replica: name, role: 'leader', leader: { replica: name, since } }),
      close: async () => undefined,
    };
  }
  return await startPgReplica({ ...options, database: options.database, name, now, autoStart });
}

async function startPgReplica(
  o: ReplicaOptions & { database: string; name: string; now: () => number; autoStart: boolean },
): Promise<Replica> {
  const log = o.log ?? ((line: string) => console.log(`[sync-health] ${line}`));
  const coordination = await openReplicaCoordination(o.database);
  const channels = replicaChannels(o.identityKey);
  const lock = createLeaderLock(o.database, o.identityKey);
  let leading = false;
  let closed = false;
  let serving: Promise<void> = Promise.resolve();

  /** Carries out handed-over actions, oldest first, until none is left. */
  const serveRequests = () => {
    serving = serving.then(async () => {
      while (leading && !closed) {
        const id = await coordination
          .answerNext(o.name, o.now, (r) => carryOut(o.engine, r.kind as Forwarded, r.args))
          .catch(() => null);
        if (id === null) return;
        await coordination.notify(channels.answers, String(id)).catch(() => undefined);
      }
    });
    return serving;
  };

  const takeOver = async () => {
    leading = true;
    const since = o.now();
    const previous = await o.store.cursor('sync_leader');
    await o.store.setCursor('sync_leader', { replica: o.name, since });
    log(
      previous && previous.replica !== o.name
        ? `This replica (${o.name}) now runs the sync; it ran on ${previous.replica} before.`
        : `This replica (${o.name}) runs the sync.`,
    );
    if (o.autoStart) o.engine.start();
    void serveRequests();
  };

  const retryMs = o.retryMs ?? LEADER_RETRY_MS;
  /** A replica that just lost its lock (its connection dropped) lets the others try first. */
  let holdOffUntil = 0;
  const stepDown = async () => {
    if (!leading) return;
    leading = false;
    holdOffUntil = Date.now() + 2 * retryMs;
    log(`This replica (${o.name}) lost the sync lock: it stops the sync; another replica takes over.`);
    await o.engine.stop();
  };
  lock.onLost(() => void stepDown());

  let ticking = false;
  let prunedAt = 0;
  const tick = async () => {
    // One at a time: the lock's connection answers one query at a time, and a slow one must not pile up.
    if (closed || ticking) return;
    ticking = true;
    try {
      if (lock.held) {
        if (!(await lock.check())) return;
        void serveRequests();
        // Answered requests are kept a day (a standby that asked reads its answer within minutes).
        if (Date.now() - prunedAt > HOUR_MS) {
          prunedAt = Date.now();
          await coordination.pruneRequests(o.now() - 24 * HOUR_MS).catch(() => undefined);
        }
        return;
      }
      if (Date.now() < holdOffUntil) return;
      if (await lock.tryAcquire()) await takeOver();
    } finally {
      ticking = false;
    }
  };
  await tick();
  const timer = setInterval(() => void tick().catch(() => undefined), retryMs);
  timer.unref();
  const offRequests = await coordination.subscribe(channels.requests, () => {
    if (leading) void serveRequests();
  });

  /** Hands an action to the leader and waits for its answer (NOTIFY, or a look every second if one is lost). */
  async function handOver(kind: Forwarded, args: unknown[]): Promise<unknown> {
    const id = await coordination.ask(kind, args, o.name, o.now());
    let wake: () => void = () => undefined;
    const off = await coordination.subscribe(channels.answers, (payload) => {
      if (payload === String(id)) wake();
    });
    try {
      await coordination.notify(channels.requests, String(id));
      const deadline = Date.now() + ANSWER_TIMEOUT_MS;
      for (;;) {
        const answer = await coordination.answerOf(id);
        if (answer) return unpack(answer);
        if (Date.now() > deadline)
          throw new ApiHttpError(
            503,
            'unavailable',
            'The replica that runs the sync has not carried this out within 2 minutes (none may be running). It stays asked: the next replica to run the sync carries it out. Check GET /api/v1/status for which replica runs the sync.',
          );
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 1_000);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    } finally {
      off();
    }
  }

  const forwarding = Object.create(o.engine) as SyncEngine;
  for (const kind of FORWARDED) {
    const local = (o.engine[kind] as (...a: unknown[]) => Promise<unknown>).bind(o.engine);
    (forwarding as unknown as Record<string, unknown>)[kind] = (...args: unknown[]) =>
      leading ? local(...args) : handOver(kind, args);
  }
  // A standby's engine never ran: its state is the leader's, as the leader last wrote it.
  forwarding.status = async () => (leading ? o.engine.status() : await leaderState(o.store, o.engine));
  const offState = o.engine.events.on('state', (state) => {
    if (leading) void o.store.setCursor('sync_state', state).catch(() => undefined);
  });

  // Every engine event of this replica goes to the bus (the leader's, and a standby's rare own), clients or
  // not; each replica's event hub sends what it hears to its clients.
  const offBus = forwardHealthEvents(o.engine.events, (event) => {
    for (const message of busMessages(event))
      void coordination.notify(channels.events, message).catch(() => undefined);
  });
  const eventBus: EventBus = {
    subscribe: (fn) => {
      let off: (() => void) | null = null;
      let gone = false;
      void coordination.subscribe(channels.events, fn).then((o) => {
        if (gone) o();
        else off = o;
      });
      return () => {
        gone = true;
        off?.();
      };
    },
  };

  return {
    engine: forwarding,
    eventBus,
    isLeader: () => leading,
    async status() {
      const leader = await o.store.cursor('sync_leader');
      // The record outlives a leader that died: it counts only while someone holds the lock.
      const held = leading || (await coordination.leaderLockHeld(o.identityKey).catch(() => false));
      return {
        replica: o.name,
        role: leading ? 'leader' : 'standby',
        leader: held && leader ? leader : null,
      };
    },
    async close() {
      closed = true;
      clearInterval(timer);
      offRequests();
      offState();
      for (const off of offBus) off();
      if (leading) await o.engine.stop();
      leading = false;
      await serving.catch(() => undefined);
      await lock.close();
      await coordination.close();
    },
  };
}

async function leaderState(store: Store, engine: SyncEngine) {
  return (await store.cursor('sync_state')) ?? (await engine.status());
}

/** Runs a handed-over action on the leader's engine; its failure travels back in words. */
async function carryOut(engine: SyncEngine, kind: Forwarded, args: unknown[]): Promise<ReplicaAnswer> {
  if (!FORWARDED.includes(kind)) return { ok: false, name: 'Error', message: `Unknown action "${kind}".` };
  try {
    const fn = engine[kind] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: (await fn.apply(engine, args)) ?? null };
  } catch (err) {
    const e = err as Error & { status?: number; code?: string; problems?: unknown };
    if (err instanceof ApiHttpError)
      return { ok: false, name: e.name, message: e.message, details: { status: e.status, code: e.code } };
    if (err instanceof MappingSetError)
      return { ok: false, name: e.name, message: e.message, details: e.problems };
    return { ok: false, name: 'Error', message: e?.message ?? String(err) };
  }
}

/** The leader's answer as the standby's own: its value, or the same failure thrown again. */
function unpack(answer: ReplicaAnswer): unknown {
  if (answer.ok) return answer.value;
  if (answer.name === 'MappingSetError')
    throw new MappingSetError(answer.message, answer.details as MappingSetError['problems']);
  if (answer.name === 'ApiHttpError') {
    const d = answer.details as { status: ApiHttpError['status']; code: ApiHttpError['code'] };
    throw new ApiHttpError(d.status, d.code, answer.message);
  }
  throw new Error(answer.message);
}

export type { ReplicaCoordination };
