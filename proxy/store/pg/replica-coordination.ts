/**
 * @module What several replicas of `serve --database` share besides the store (issue 18): the sync-leader
 * lock (a session-level advisory lock on one dedicated connection: it ends when that connection or its
 * process dies), LISTEN/NOTIFY on one connection per replica, and the requests a replica that does not run
 * the sync hands to the one that does (table `replica_requests`).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { createDb } from './db';

/** The advisory-lock key of an identity's sync: two int4 halves of a hash, so each identity has its own. */
export function leaderLockKey(identityKey: string): [number, number] {
  const h = createHash('sha256').update(`sync-health leader ${identityKey}`).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

export interface LeaderLock {
  /** Takes the lock if nobody holds it; true while this replica holds it. */
  tryAcquire(): Promise<boolean>;
  /** True while held: a query on the lock's connection still answers. */
  check(): Promise<boolean>;
  readonly held: boolean;
  /** Called once when a held lock is lost (its connection dropped): another replica may take it now. */
  onLost(fn: () => void): void;
  close(): Promise<void>;
}

/**
 * The leader lock on a connection of its own, kept open while held. Not a pooled client: a pool may close an
 * idle client, and with it the lock. A new connection is made for each attempt after a loss.
 */
export function createLeaderLock(url: string, identityKey: string): LeaderLock {
  const key = leaderLockKey(identityKey);
  let client: pg.Client | null = null;
  let held = false;
  let lostListeners: (() => void)[] = [];
  let closed = false;

  const lose = () => {
    const was = held;
    held = false;
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
    if (was) for (const fn of lostListeners) fn();
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    // A dropped connection (server restart, network) ends the session, and the lock with it.
    c.on('error', lose);
    c.on('end', () => {
      if (client === c) lose();
    });
    await c.connect();
    return c;
  };

  return {
    get held() {
      return held;
    },
    async tryAcquire() {
      if (closed) return false;
      if (held) return true;
      try {
        client ??= await connect();
        const row = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', key))
          .rows[0];
        held = row?.got === true;
      } catch {
        lose();
      }
      return held;
    },
    async check() {
      if (!held || !client) return false;
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        lose();
        return false;
      }
    },
    onLost(fn) {
      lostListeners.push(fn);
    },
    async close() {
      closed = true;
      lostListeners = [];
      held = false;
      const c = client;
      client = null;
      // Ending the session releases the lock at once: a standby takes over without waiting for a timeout.
      await c?.end().catch(() => undefined);
    },
  };
}

export interface ReplicaRequest {
  id: number;
  kind: string;
  args: unknown[];
  askedBy: string;
}

/** The answer a leader gives a forwarded action: its value, or the failure it threw. */
export type ReplicaAnswer =
  | { ok: true; value: unknown }
  | { ok: false; name: string; message: string; details?: unknown };

/** Channels are per identity, like the lock: two syncs on one cluster do not hear each other. */
export const replicaChannels = (identityKey: string) => {
  const tag = createHash('sha256').update(identityKey).digest('hex').slice(0, 12);
  return { events: `sh_events_${tag}`, requests: `sh_requests_${tag}`, answers: `sh_answers_${tag}` };
};

/**
 * The shared database seen by the replica machinery: one small pool (requests, NOTIFY, the lock holder's
 * liveness) and one connection LISTENing on every channel a replica follows.
 */
export async function openReplicaCoordination(url: string) {
  const db = createDb(url, { max: 3 });
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listener: pg.Client | null = null;
  let closed = false;

  /** (Re)connects the LISTEN connection and subscribes to every channel followed so far. */
  async function listen(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    c.on('notification', (n) => {
      for (const fn of listeners.get(n.channel) ?? []) fn(n.payload ?? '');
    });
    const reconnect = () => {
      if (listener !== c || closed) return;
      listener = null;
      // Notifications sent while it was away are lost: subscribers re-read the store (counts, requests).
      setTimeout(() => void listen().catch(() => undefined), 1_000).unref();
    };
    c.on('error', reconnect);
    c.on('end', reconnect);
    await c.connect();
    listener = c;
    for (const channel of listeners.keys()) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  }
  await listen();

  return {
    /** Calls `fn` with each payload NOTIFY sends on `channel` (from any replica, this one included). */
    async subscribe(channel: string, fn: (payload: string) => void): Promise<() => void> {
      const set = listeners.get(channel) ?? new Set();
      const first = set.size === 0 && !listeners.has(channel);
      set.add(fn);
      listeners.set(channel, set);
      if (first) await listener?.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return () => set.delete(fn);
    },
    /** NOTIFY: PostgreSQL refuses payloads of 8000 bytes or more, so callers send small messages. */
    async notify(channel: string, payload: string): Promise<void> {
      await db.run('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    /** Whether some session holds the identity's leader lock (a dead leader's lock is gone with its session). */
    async leaderLockHeld(identityKey: string): Promise<boolean> {
      const [hi, lo] = leaderLockKey(identityKey);
      // pg_locks shows a two-int4 advisory key as classid, objid (unsigned oids) and objsubid = 2.
      const row = await db.one(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
         AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [hi >>> 0, lo >>> 0],
      );
      return row !== undefined;
    },
    /** Writes a request for the leader; returns its id. */
    async ask(kind: string, args: unknown[], askedBy: string, now: number): Promise<number> {
      const row = await db.one<{ id: number }>(
        `INSERT INTO replica_requests (kind, args, asked_by, asked_at) VALUES ($1, $2, $3, $4) RETURNING id`,
        [kind, JSON.stringify(args), askedBy, now],
      );
      return row!.id;
    },
    /** The answer to request `id`, once given. */
    async answerOf(id: number): Promise<ReplicaAnswer | null> {
      const row = await db.one<{ answer: string | null }>(
        `SELECT answer FROM replica_requests WHERE id = $1`,
        [id],
      );
      return row?.answer ? (JSON.parse(row.answer) as ReplicaAnswer) : null;
    },
    /**
     * Takes the oldest unanswered request and answers it with what `handle` returns, in one transaction: the
     * row is locked (SKIP LOCKED) so two leaders of a split brain never both carry out one request. A crash
     * before the commit leaves it unanswered for the next leader.
     */
    async answerNext(
      replica: string,
      now: () => number,
      handle: (r: ReplicaRequest) => Promise<ReplicaAnswer>,
    ): Promise<number | null> {
      return await db.tx(async () => {
        const row = await db.one<{ id: number; kind: string; args: string; asked_by: string }>(
          `SELECT id, kind, args, asked_by FROM replica_requests WHERE answered_at IS NULL ORDER BY id LIMIT 1
           FOR UPDATE SKIP LOCKED`,
        );
        if (!row) return null;
        const answer = await handle({
          id: row.id,
          kind: row.kind,
          args: JSON.parse(row.args) as unknown[],
          askedBy: row.asked_by,
        });
        await db.run(
          `UPDATE replica_requests SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4`,
          [JSON.stringify(answer), replica, now(), row.id],
        );
        return row.id;
      });
    },
    /** Forgets answered requests older than `before` (ms). */
    async pruneRequests(before: number): Promise<void> {
      await db.run(`DELETE FROM replica_requests WHERE answered_at IS NOT NULL AND answered_at < $1`, [
        before,
      ]);
    },
    async close(): Promise<void> {
      closed = true;
      const c = listener;
      listener = null;
      await c?.end().catch(() => undefined);
      await db.end();
    },
  };
}

export type ReplicaCoordination = Awaited<ReturnType<typeof openReplicaCoordination>>;
