/** @module The durable sync state on PostgreSQL: pending-change queue, record links, cursors, cached describes. */
import { type CursorKey, type CursorValue, readCursor } from '../cursor-keys';
import { decodePayload, type QueuePayloadInput } from '../queue-payloads';
import {
  type CrmRecordState,
  type DamagedQueueItem,
  type SqlQueue,
  toLink,
  toQueueItem,
} from '../sync-state';
import type { CrmType, Direction, QueueItem } from '../types';
import type { Db } from './db';

const ENQUEUE = `INSERT INTO queue (direction, object_type, record_id, payload, enqueued_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (direction, object_type, record_id) DO UPDATE SET payload = excluded.payload, version = queue.version + 1`;

/**
 * @param onDamaged called (inside the repair's transaction) for each queued item whose payload was unreadable,
 * so the store records it as an error; the sync never sees the damaged item.
 */
export function createPgSyncState(db: Db, onDamaged: (d: DamagedQueueItem, now: number) => Promise<unknown>) {
  const link = async (crmType: CrmType, crmId: string) =>
    toLink(await db.one(`SELECT * FROM links WHERE crm_type = $1 AND crm_id = $2`, [crmType, crmId]));

  /** Puts a readable payload in place of a damaged one (see the SQLite store), and reports it. */
  const repair = (r: SqlQueue, reason: string, now: number) =>
    db.tx(async () => {
      let replacedBy: DamagedQueueItem['replacedBy'] = 'refetch';
      if (r.direction === 'sf-id-to-crm') {
        const sfId = (await link(r.object_type, r.record_id))?.sfId;
        replacedBy = sfId ? 'write-back' : 'removed';
        if (sfId)
          await db.run(ENQUEUE, [r.direction, r.object_type, r.record_id, JSON.stringify({ sfId }), now]);
        else await db.run(`DELETE FROM queue WHERE seq = $1 AND version = $2`, [r.seq, r.version]);
      } else {
        const marker = { refetch: true, reason: 'queued change was damaged' };
        await db.run(ENQUEUE, [r.direction, r.object_type, r.record_id, JSON.stringify(marker), now]);
      }
      await onDamaged(
        { direction: r.direction, objectType: r.object_type, recordId: r.record_id, reason, replacedBy },
        now,
      );
    });

  const peekRows = (direction: Direction, objectType: CrmType, now: number, limit: number) =>
    db.rows<SqlQueue>(
      // Inside a claim (claimQueue's transaction) the rows stay locked until it commits, and another engine's
      // peek skips them instead of waiting: two engines never hold the same change. Outside one, the lock
      // ends with the statement.
      `SELECT * FROM queue WHERE direction = $1 AND object_type = $2 AND not_before <= $3 ORDER BY seq LIMIT $4
       FOR UPDATE SKIP LOCKED`,
      [direction, objectType, now, limit],
    );

  async function decoded<D extends Direction>(rows: SqlQueue[], direction: D) {
    const items: QueueItem<D>[] = [];
    let repaired = false;
    for (const r of rows) {
      const got = decodePayload(direction, r.payload);
      if (!got.ok) {
        await repair(r, got.reason, Date.now());
        repaired = true;
        continue;
      }
      items.push(toQueueItem(r, direction, got.payload));
    }
    return { items, repaired };
  }

  const count = async (sql: string, values: unknown[] = []) =>
    (await db.one<{ n: number }>(sql, values))?.n ?? 0;

  return {
    async enqueue<D extends Direction>(
      direction: D,
      objectType: CrmType,
      recordId: string,
      payload: QueuePayloadInput[D],
      now: number,
    ): Promise<void> {
      await db.run(ENQUEUE, [direction, objectType, recordId, JSON.stringify(payload), now]);
    },
    /** The oldest due items, decoded; an unreadable payload is repaired and recorded, never handed out. */
    async peek<D extends Direction>(
      direction: D,
      objectType: CrmType,
      limit: number,
      now = Number.MAX_SAFE_INTEGER,
    ): Promise<QueueItem<D>[]> {
      const first = await decoded(await peekRows(direction, objectType, now, limit), direction);
      return first.repaired
        ? (await decoded(await peekRows(direction, objectType, now, limit), direction)).items
        : first.items;
    },
    /** Removes the item only if no newer change replaced it meanwhile. */
    async dequeue(item: Pick<QueueItem, 'seq' | 'version'>): Promise<void> {
      await db.run(`DELETE FROM queue WHERE seq = $1 AND version = $2`, [item.seq, item.version]);
    },
    /** Keeps a transiently failed item queued, hidden until `notBefore`. */
    async defer(item: Pick<QueueItem, 'seq' | 'version'>, notBefore: number): Promise<void> {
      await db.run(
        `UPDATE queue SET attempts = attempts + 1, not_before = $1 WHERE seq = $2 AND version = $3`,
        [notBefore, item.seq, item.version],
      );
    },
    totalQueued: () => count(`SELECT COUNT(*) AS n FROM queue`),
    /** A page's records in one round trip (see the SQLite store): closed, last synced hash, linked object. */
    async crmRecordStates(crmType: CrmType, crmIds: string[]): Promise<Map<string, CrmRecordState>> {
      const rows = await db.rows<{
        id: string;
        content_hash: string | null;
        sf_object: string | null;
        closed: boolean;
      }>(
        `SELECT i.id, l.content_hash, l.sf_object,
           EXISTS (SELECT 1 FROM closed_links c WHERE c.crm_type = $1 AND c.crm_id = i.id) AS closed
         FROM unnest($2::text[]) AS i(id) LEFT JOIN links l ON l.crm_type = $1 AND l.crm_id = i.id`,
        [crmType, crmIds],
      );
      return new Map(
        rows.map((r) => [r.id, { closed: r.closed, contentHash: r.content_hash, sfObject: r.sf_object }]),
      );
    },
    contentHash: async (crmType: CrmType, crmId: string) =>
      (
        await db.one<{ content_hash: string | null }>(
          `SELECT content_hash FROM links WHERE crm_type = $1 AND crm_id = $2`,
          [crmType, crmId],
        )
      )?.content_hash ?? null,
    async setContentHash(crmType: CrmType, crmId: string, hash: string, content?: unknown): Promise<void> {
      await db.run(`UPDATE links SET content_hash = $1, content = $2 WHERE crm_type = $3 AND crm_id = $4`, [
        hash,
        content === undefined ? null : JSON.stringify(content),
        crmType,
        crmId,
      ]);
    },
    async content<T>(crmType: CrmType, crmId: string): Promise<T | null> {
      const row = await db.one<{ content: string | null }>(
        `SELECT content FROM links WHERE crm_type = $1 AND crm_id = $2`,
        [crmType, crmId],
      );
      return row?.content ? (JSON.parse(row.content) as T) : null;
    },
    queueSize: (direction: Direction, objectType: CrmType) =>
      count(`SELECT COUNT(*) AS n FROM queue WHERE direction = $1 AND object_type = $2`, [
        direction,
        objectType,
      ]),
    isQueued: async (direction: Direction, objectType: CrmType, id: string) =>
      (await count(
        `SELECT COUNT(*) AS n FROM queue WHERE direction = $1 AND object_type = $2 AND record_id = $3`,
        [direction, objectType, id],
      )) > 0,
    async putLink(l: {
      crmType: CrmType;
      crmId: string;
      sfObject: string;
      sfId?: string | null;
      name?: string | null;
      syncedAt?: number | null;
    }): Promise<void> {
      await db.run(
        `INSERT INTO links (crm_type, crm_id, sf_object, sf_id, name, synced_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (crm_type, crm_id) DO UPDATE SET sf_id = COALESCE(excluded.sf_id, links.sf_id),
           name = COALESCE(excluded.name, links.name), synced_at = COALESCE(excluded.synced_at, links.synced_at)`,
        [l.crmType, l.crmId, l.sfObject, l.sfId ?? null, l.name ?? null, l.syncedAt ?? null],
      );
    },
    async setStampPending(crmType: CrmType, crmId: string, pending: boolean): Promise<void> {
      await db.run(`UPDATE links SET stamp_pending = $1 WHERE crm_type = $2 AND crm_id = $3`, [
        pending ? 1 : 0,
        crmType,
        crmId,
      ]);
    },
    /** Links whose Salesforce record still waits for its external id, oldest first. */
    stampPending: async (crmType: CrmType, limit: number) =>
      (
        await db.rows<{ crm_id: string; sf_id: string }>(
          `SELECT crm_id, sf_id FROM links WHERE stamp_pending = 1 AND crm_type = $1 AND sf_id IS NOT NULL LIMIT $2`,
          [crmType, limit],
        )
      ).map((r) => ({ crmId: r.crm_id, sfId: r.sf_id })),
    link,
    linkBySfId: async (sfId: string) =>
      toLink(await db.one(`SELECT * FROM links WHERE sf_id = $1 LIMIT 1`, [sfId])),
    async cursor<K extends CursorKey>(key: K): Promise<CursorValue<K> | null> {
      const row = await db.one<{ value: string }>(`SELECT value FROM cursors WHERE key = $1`, [key]);
      return row ? readCursor(key, row.value) : null;
    },
    async setCursor<K extends CursorKey>(key: K, value: CursorValue<K>): Promise<void> {
      await db.run(
        `INSERT INTO cursors (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, JSON.stringify(value)],
      );
    },
    hasCursor: async (key: CursorKey): Promise<boolean> =>
      (await db.one(`SELECT 1 FROM cursors WHERE key = $1`, [key])) !== undefined,
    async deleteCursor(key: CursorKey): Promise<void> {
      await db.run(`DELETE FROM cursors WHERE key = $1`, [key]);
    },
    async describe<T>(object: string): Promise<{ body: T; fetchedAt: number } | null> {
      const row = await db.one<{ body: string; fetched_at: number }>(
        `SELECT body, fetched_at FROM describes WHERE object = $1`,
        [object],
      );
      return row ? { body: JSON.parse(row.body) as T, fetchedAt: row.fetched_at } : null;
    },
    async setDescribe(object: string, body: unknown, now: number): Promise<void> {
      await db.run(
        `INSERT INTO describes (object, body, fetched_at) VALUES ($1, $2, $3)
         ON CONFLICT (object) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at`,
        [object, JSON.stringify(body), now],
      );
    },
  };
}
