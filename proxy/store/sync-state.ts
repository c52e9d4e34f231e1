/** @module The durable sync state: pending-change queue, record links, cursors, cached describes. */
import type Database from 'better-sqlite3';
import { type CursorKey, type CursorValue, readCursor } from './cursor-keys';
import { decodePayload, type QueuePayloadInput } from './queue-payloads';
import type { CrmType, Direction, LinkRow, QueueItem } from './types';

/** A queued item whose stored payload could not be read, as the store reports it (then repairs it). */
export interface DamagedQueueItem {
  direction: Direction;
  objectType: CrmType;
  recordId: string;
  reason: string;
  /** What the store put in its place: the record re-read at its next send, or nothing. */
  replacedBy: 'refetch' | 'write-back' | 'removed';
}

/** A `queue` row as both stores read it. */
export interface SqlQueue {
  seq: number;
  version: number;
  direction: Direction;
  object_type: CrmType;
  record_id: string;
  payload: string;
  enqueued_at: number;
  attempts: number;
}

/**
 * @param onDamaged called (inside the repair's transaction) for each queued item whose payload was unreadable,
 * so the store records it as an error; the sync never sees the damaged item.
 */
/** A `queue` row and its decoded payload as the queued change (a pure mapper both stores use). */
export function toQueueItem<D extends Direction>(
  r: SqlQueue,
  direction: D,
  payload: QueueItem<D>['payload'],
): QueueItem<D> {
  return {
    seq: r.seq,
    version: r.version,
    direction,
    objectType: r.object_type,
    recordId: r.record_id,
    payload,
    enqueuedAt: r.enqueued_at,
    attempts: r.attempts,
  };
}

/** A `links` row as the sync's link (with its write-back flag), or null (a pure mapper both stores use). */
export const toLink = (r: Record<string, unknown> | undefined): LinkRow | null =>
  r
    ? {
        crmType: r.crm_type as CrmType,
        crmId: r.crm_id as string,
        sfObject: r.sf_object as string,
        sfId: (r.sf_id as string | null) ?? null,
        name: (r.name as string | null) ?? null,
        syncedAt: (r.synced_at as number | null) ?? null,
        stampPending: r.stamp_pending === 1,
      }
    : null;

export function createSyncState(
  db: Database.Database,
  onDamaged: (d: DamagedQueueItem, now: number) => void,
) {
  const enqueue = db.prepare(
    `INSERT INTO queue (direction, object_type, record_id, payload, enqueued_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (direction, object_type, record_id)
     DO UPDATE SET payload = excluded.payload, version = version + 1`,
  );
  const peek = db.prepare<[Direction, CrmType, number, number], SqlQueue>(
    `SELECT * FROM queue WHERE direction = ? AND object_type = ? AND not_before <= ? ORDER BY seq LIMIT ?`,
  );
  const deferItem = db.prepare(
    `UPDATE queue SET attempts = attempts + 1, not_before = ? WHERE seq = ? AND version = ?`,
  );
  const putHash = db.prepare(
    `UPDATE links SET content_hash = ?, content = ? WHERE crm_type = ? AND crm_id = ?`,
  );
  const getContent = db.prepare<[string, string], { content: string | null }>(
    `SELECT content FROM links WHERE crm_type = ? AND crm_id = ?`,
  );
  const getHash = db.prepare<[string, string], { content_hash: string | null }>(
    `SELECT content_hash FROM links WHERE crm_type = ? AND crm_id = ?`,
  );
  const totalQueue = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM queue`);
  const getPullState = db.prepare<
    [string, string, string, string],
    { content_hash: string | null; sf_object: string | null; closed: number }
  >(
    `SELECT l.content_hash, l.sf_object,
       EXISTS (SELECT 1 FROM closed_links c WHERE c.crm_type = ? AND c.crm_id = ?) AS closed
     FROM (SELECT 1) LEFT JOIN links l ON l.crm_type = ? AND l.crm_id = ?`,
  );
  const dequeue = db.prepare(`DELETE FROM queue WHERE seq = ? AND version = ?`);
  const size = db.prepare<[Direction, CrmType], { n: number }>(
    `SELECT COUNT(*) AS n FROM queue WHERE direction = ? AND object_type = ?`,
  );
  const inQueue = db.prepare<[Direction, CrmType, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM queue WHERE direction = ? AND object_type = ? AND record_id = ?`,
  );
  const putLink = db.prepare(
    `INSERT INTO links (crm_type, crm_id, sf_object, sf_id, name, synced_at) VALUES (@crmType, @crmId, @sfObject, @sfId, @name, @syncedAt)
     ON CONFLICT (crm_type, crm_id) DO UPDATE SET sf_id = COALESCE(excluded.sf_id, sf_id),
       name = COALESCE(excluded.name, name), synced_at = COALESCE(excluded.synced_at, synced_at)`,
  );
  const setStamp = db.prepare(`UPDATE links SET stamp_pending = ? WHERE crm_type = ? AND crm_id = ?`);
  const stampQueue = db.prepare<[string, number], { crm_id: string; sf_id: string }>(
    `SELECT crm_id, sf_id FROM links WHERE stamp_pending = 1 AND crm_type = ? AND sf_id IS NOT NULL LIMIT ?`,
  );
  const getLink = db.prepare(`SELECT * FROM links WHERE crm_type = ? AND crm_id = ?`);
  const getLinkBySf = db.prepare(`SELECT * FROM links WHERE sf_id = ?`);
  const getCursor = db.prepare<[string], { value: string }>(`SELECT value FROM cursors WHERE key = ?`);
  const putCursor = db.prepare(
    `INSERT INTO cursors (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const hasCursor = db.prepare<[string], { one: 1 }>(`SELECT 1 AS one FROM cursors WHERE key = ?`);
  const deleteCursor = db.prepare(`DELETE FROM cursors WHERE key = ?`);
  const getDescribe = db.prepare<[string], { body: string; fetched_at: number }>(
    `SELECT body, fetched_at FROM describes WHERE object = ?`,
  );
  const putDescribe = db.prepare(
    `INSERT INTO describes (object, body, fetched_at) VALUES (?, ?, ?)
     ON CONFLICT (object) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at`,
  );

  /**
   * Puts a readable payload in place of a damaged one, so nothing is lost: a push or create is re-read from
   * its source at its next send; a write-back takes the Salesforce id from the record's link.
   */
  const repair = db.transaction((r: SqlQueue, reason: string, now: number) => {
    let replacedBy: DamagedQueueItem['replacedBy'] = 'refetch';
    if (r.direction === 'sf-id-to-crm') {
      const sfId = (getLink.get(r.object_type, r.record_id) as { sf_id?: string | null } | undefined)?.sf_id;
      replacedBy = sfId ? 'write-back' : 'removed';
      if (sfId) enqueue.run(r.direction, r.object_type, r.record_id, JSON.stringify({ sfId }), now);
      else dequeue.run(r.seq, r.version);
    } else {
      const marker = { refetch: true, reason: 'queued change was damaged' };
      enqueue.run(r.direction, r.object_type, r.record_id, JSON.stringify(marker), now);
    }
    onDamaged(
      { direction: r.direction, objectType: r.object_type, recordId: r.record_id, reason, replacedBy },
      now,
    );
  });

  /** Decodes peeked rows; damaged ones are repaired and reported, and the peek is read again once. */
  function decoded<D extends Direction>(
    rows: SqlQueue[],
    direction: D,
  ): { items: QueueItem<D>[]; repaired: boolean } {
    const items: QueueItem<D>[] = [];
    let repaired = false;
    for (const r of rows) {
      const got = decodePayload(direction, r.payload);
      if (!got.ok) {
        repair(r, got.reason, Date.now());
        repaired = true;
        continue;
      }
      items.push(toQueueItem(r, direction, got.payload));
    }
    return { items, repaired };
  }

  return {
    /** Queues a change; a newer change to the same record replaces the pending payload. */
    enqueue<D extends Direction>(
      direction: D,
      objectType: CrmType,
      recordId: string,
      payload: QueuePayloadInput[D],
      now: number,
    ): void {
      enqueue.run(direction, objectType, recordId, JSON.stringify(payload), now);
    },
    /**
     * The oldest due items, their payloads decoded (proxy/store/queue-payloads.ts); `now` hides items backing
     * off after a transient failure. An unreadable payload is repaired and recorded, never handed out.
     */
    peek<D extends Direction>(
      direction: D,
      objectType: CrmType,
      limit: number,
      now = Number.MAX_SAFE_INTEGER,
    ): QueueItem<D>[] {
      const first = decoded(peek.all(direction, objectType, now, limit), direction);
      return first.repaired
        ? decoded(peek.all(direction, objectType, now, limit), direction).items
        : first.items;
    },
    /** Removes the item only if no newer change replaced it meanwhile. */
    dequeue(item: Pick<QueueItem, 'seq' | 'version'>): void {
      dequeue.run(item.seq, item.version);
    },
    /** Keeps a transiently failed item queued, hidden until `notBefore`. */
    defer(item: Pick<QueueItem, 'seq' | 'version'>, notBefore: number): void {
      deferItem.run(notBefore, item.seq, item.version);
    },
    totalQueued: () => totalQueue.get()?.n ?? 0,
    contentHash: (crmType: CrmType, crmId: string) => getHash.get(crmType, crmId)?.content_hash ?? null,
    /**
     * What the CRM pull checks of each record of a page, for all of them at once: whether its link was
     * closed, the hash of what was last synced, and the Salesforce object it is linked to (null: none).
     */
    crmRecordStates(crmType: CrmType, crmIds: string[]): Map<string, CrmRecordState> {
      const out = new Map<string, CrmRecordState>();
      for (const id of crmIds) {
        const r = getPullState.get(crmType, id, crmType, id);
        out.set(id, {
          closed: Boolean(r?.closed),
          contentHash: r?.content_hash ?? null,
          sfObject: r?.sf_object ?? null,
        });
      }
      return out;
    },
    /** What was last sent (or tried) for a record: its hash, and the CRM values themselves. */
    setContentHash(crmType: CrmType, crmId: string, hash: string, content?: unknown): void {
      putHash.run(hash, content === undefined ? null : JSON.stringify(content), crmType, crmId);
    },
    content<T>(crmType: CrmType, crmId: string): T | null {
      const row = getContent.get(crmType, crmId);
      return row?.content ? (JSON.parse(row.content) as T) : null;
    },
    queueSize: (direction: Direction, objectType: CrmType) => size.get(direction, objectType)?.n ?? 0,
    isQueued: (direction: Direction, objectType: CrmType, id: string) =>
      (inQueue.get(direction, objectType, id)?.n ?? 0) > 0,
    putLink(l: {
      crmType: CrmType;
      crmId: string;
      sfObject: string;
      sfId?: string | null;
      name?: string | null;
      syncedAt?: number | null;
    }) {
      putLink.run({ sfId: null, name: null, syncedAt: null, ...l });
    },
    /**
     * Marks whether the Salesforce record still lacks the CRM id in its external-id field (it was
     * created in Salesforce): until it has it, an upsert on that field would create a duplicate.
     */
    setStampPending(crmType: CrmType, crmId: string, pending: boolean): void {
      setStamp.run(pending ? 1 : 0, crmType, crmId);
    },
    /** Links whose Salesforce record still waits for its external id, oldest first. */
    stampPending: (crmType: CrmType, limit: number) =>
      stampQueue.all(crmType, limit).map((r) => ({ crmId: r.crm_id, sfId: r.sf_id })),
    link: (crmType: CrmType, crmId: string) =>
      toLink(getLink.get(crmType, crmId) as Record<string, unknown> | undefined),
    linkBySfId: (sfId: string) => toLink(getLinkBySf.get(sfId) as Record<string, unknown> | undefined),
    /** The value under a registered key (proxy/store/cursor-keys.ts), checked against its shape. */
    cursor<K extends CursorKey>(key: K): CursorValue<K> | null {
      const row = getCursor.get(key);
      return row ? readCursor(key, row.value) : null;
    },
    setCursor<K extends CursorKey>(key: K, value: CursorValue<K>): void {
      putCursor.run(key, JSON.stringify(value));
    },
    /** Whether a value is stored under `key`, readable or not (a damaged suspension still suspends). */
    hasCursor: (key: CursorKey): boolean => hasCursor.get(key) !== undefined,
    deleteCursor(key: CursorKey): void {
      deleteCursor.run(key);
    },
    describe<T>(object: string): { body: T; fetchedAt: number } | null {
      const row = getDescribe.get(object);
      return row ? { body: JSON.parse(row.body) as T, fetchedAt: row.fetched_at } : null;
    },
    setDescribe(object: string, body: unknown, now: number): void {
      putDescribe.run(object, JSON.stringify(body), now);
    },
  };
}

/** One record's state as the CRM pull checks it (`crmRecordStates`). */
export interface CrmRecordState {
  closed: boolean;
  contentHash: string | null;
  sfObject: string | null;
}

export type SyncStateStore = ReturnType<typeof createSyncState>;
