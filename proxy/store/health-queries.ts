/** @module Read queries behind the health API: summary, error pages, groups, record lookup, digest. */

import type Database from 'better-sqlite3';
import {
  decodeCursor,
  ERROR_COLUMNS,
  type ErrorFilter,
  encodeCursor,
  type SqlErrorRow,
  toErrorRow,
  whereOf,
} from './error-rows';
import { toLink } from './sync-state';
import {
  type CrmType,
  ERROR_CATEGORIES,
  type ErrorCategory,
  type ErrorRow,
  type HistoryRow,
  type LinkRow,
} from './types';

export interface CategorySummary {
  category: ErrorCategory;
  openErrors: number;
  affectedRecords: number;
}

export interface HealthSummary {
  categories: CategorySummary[];
  totalOpenErrors: number;
  queueSize: number;
  lastSyncAt: number | null;
}

export interface RootCauseGroup {
  rootCauseKey: string;
  category: ErrorCategory;
  code: string;
  subType: string | null;
  field: string | null;
  value: string | null;
  rule: string | null;
  sampleMessage: string;
  errors: number;
  records: number;
}

const MAX_PAGE = 500;

/** The orders a page of errors can be read in (shared/api/errors ERROR_SORTS). */
export type ErrorOrder = 'last-attempt' | 'first-seen' | 'record';

/** A list filter: the store's, plus one sub-type (the table's "Error type" filter). */
export interface ErrorListFilter extends ErrorFilter {
  subType?: string;
}

/**
 * Each order as SQL: the sort key, its direction, and the keyset comparison that continues after the
 * last row (a row value, so SQLite can seek an index where there is one). Ties break on id, in the same
 * direction, so that every row has one place and pages neither repeat nor skip rows.
 */
const ORDERS: Readonly<Record<ErrorOrder, { key: string; desc: boolean }>> = {
  'last-attempt': { key: 'last_seen', desc: true },
  'first-seen': { key: 'first_seen', desc: true },
  // A record without a name sorts by its CRM id, as the table shows it; case does not matter.
  record: { key: 'COALESCE(record_name, crm_id) COLLATE NOCASE', desc: false },
};

/**
 * Opaque cursor of an order: the default one keeps the original `lastSeen:id` form (cursors handed out
 * before sorting existed stay valid); the others carry their order so a cursor is not read in another.
 */
export function encodePageCursor(order: ErrorOrder, key: string | number, id: number): string {
  if (order === 'last-attempt') return encodeCursor(Number(key), id);
  return Buffer.from(JSON.stringify([order, key, id])).toString('base64url');
}

/** The sort key and id a cursor continues after; throws when it was not made for `order`. */
export function decodePageCursor(cursor: string, order: ErrorOrder): { key: string | number; id: number } {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith('[')) {
    if (order !== 'last-attempt')
      throw new Error(`Invalid cursor "${cursor}": it was made for another sort; start again without one`);
    const c = decodeCursor(cursor);
    return { key: c.lastSeen, id: c.id };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const [madeFor, key, id] = Array.isArray(parsed) ? parsed : [];
  const keyOk = order === 'record' ? typeof key === 'string' : Number.isFinite(key);
  if (madeFor !== order || !keyOk || !Number.isInteger(id))
    throw new Error(
      madeFor && madeFor !== order
        ? `Invalid cursor "${cursor}": it was made for another sort; start again without one`
        : `Invalid cursor "${cursor}": pass back the nextCursor of the previous page`,
    );
  return { key, id };
}

/** The filter's WHERE clause, with the sub-type the store's own filter does not know. */
export function whereOfList(filter: ErrorListFilter): { sql: string; params: unknown[] } {
  const where = whereOf(filter);
  if (filter.subType) {
    where.sql += ' AND sub_type = ?';
    where.params.push(filter.subType);
  }
  return where;
}

export interface PageRequest {
  cursor?: string;
  limit?: number;
  sort?: ErrorOrder;
}

/** The SQL of one page in `sort` order, and its parameters (the limit asks one row more, to see a next page). */
function pageQuery(filter: ErrorListFilter, page: PageRequest) {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new RangeError(`Invalid limit ${limit}: use a whole number from 1 to ${MAX_PAGE}`);
  }
  const sort = page.sort ?? 'last-attempt';
  const order = ORDERS[sort];
  const where = whereOfList(filter);
  if (page.cursor) {
    const c = decodePageCursor(page.cursor, sort);
    // A row value lets SQLite seek the (last_seen, id) index; the OR form made every page scan from the top.
    where.sql += ` AND (${order.key}, id) ${order.desc ? '<' : '>'} (?, ?)`;
    where.params.push(c.key, c.id);
  }
  const dir = order.desc ? 'DESC' : 'ASC';
  const sql = `SELECT ${ERROR_COLUMNS}, ${order.key.replace(/ COLLATE NOCASE$/, '')} AS sort_key FROM errors
           WHERE ${where.sql} ORDER BY ${order.key} ${dir}, id ${dir} LIMIT ?`;
  return { sql, params: [...where.params, limit + 1], sort, limit };
}

/** A `history` row as both stores read it. */
export interface SqlHistory {
  at: number;
  action: string;
  outcome: string;
  error_id: number | null;
  detail: string | null;
  actor: string | null;
}

/** A `history` row as the record history entry it describes (a pure mapper both stores use). */
export const historyRow = (h: SqlHistory): HistoryRow => ({
  at: h.at,
  action: h.action,
  outcome: h.outcome,
  errorId: h.error_id === null ? null : String(h.error_id),
  detail: h.detail,
  ...(h.actor ? { actor: h.actor } : {}),
});

/** A `links` row as a record's link in the health answers (without the sync's write-back flag), or null. */
export const toHealthLink = (r: Record<string, unknown> | undefined): LinkRow | null => {
  const link = toLink(r);
  if (!link) return null;
  const { stampPending: _internal, ...shown } = link;
  return shown;
};

export function createHealthQueries(db: Database.Database) {
  const perCategory = db.prepare<[], { category: ErrorCategory; errors: number; records: number }>(
    `SELECT category, errors, records FROM category_counts`,
  );
  const queueSize = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM queue`);
  const lastSync = db.prepare<[], { value: string }>(`SELECT value FROM cursors WHERE key = 'last_sync_at'`);
  const byId = db.prepare<[number], SqlErrorRow>(`SELECT ${ERROR_COLUMNS} FROM errors WHERE id = ?`);
  const historyOf = db.prepare(
    `SELECT at, action, outcome, error_id, detail, actor FROM history WHERE crm_type = ? AND crm_id = ? ORDER BY at DESC, id DESC LIMIT 200`,
  );
  const linkByCrm = db.prepare(`SELECT * FROM links WHERE crm_type = ? AND crm_id = ?`);
  const unlinkedBySf = db.prepare<[string], { crm_type: string; crm_id: string }>(
    `SELECT crm_type, crm_id FROM errors WHERE sf_id = ? AND crm_id LIKE 'sf:%' LIMIT 1`,
  );
  const linkBySf = db.prepare(`SELECT * FROM links WHERE sf_id = ?`);
  const openOfRecord = db.prepare<[string, string], SqlErrorRow>(
    `SELECT ${ERROR_COLUMNS} FROM errors WHERE crm_type = ? AND crm_id = ? AND status = 'open' ORDER BY last_seen DESC`,
  );
  const blockedBy = db.prepare<[string, string], { crm_type: CrmType; crm_id: string }>(
    `SELECT DISTINCT crm_type, crm_id FROM errors WHERE status = 'open' AND blocking_type = ? AND blocking_id = ?`,
  );

  return {
    /** Every one of the eight categories, zeros included. */
    summary(): HealthSummary {
      const rows = new Map(perCategory.all().map((r) => [r.category, r]));
      const categories = ERROR_CATEGORIES.map((category) => ({
        category,
        openErrors: rows.get(category)?.errors ?? 0,
        affectedRecords: rows.get(category)?.records ?? 0,
      }));
      const last = lastSync.get();
      return {
        categories,
        totalOpenErrors: categories.reduce((n, c) => n + c.openErrors, 0),
        queueSize: queueSize.get()?.n ?? 0,
        lastSyncAt: last ? Number(last.value) : null,
      };
    },

    /**
     * One page in `sort` order (default: last attempt, newest first); pass `nextCursor` back, with the
     * same sort, for the next page.
     */
    listErrors(filter: ErrorListFilter, page: PageRequest = {}) {
      const { sql, params, sort, limit } = pageQuery(filter, page);
      const rows = db.prepare<unknown[], SqlErrorRow & { sort_key: string | number }>(sql).all(...params);
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map(toErrorRow);
      const last = rows[limit - 1];
      return { items, nextCursor: more && last ? encodePageCursor(sort, last.sort_key, last.id) : null };
    },

    /** How many errors the filter matches (open ones unless it says otherwise): the table's caption under a filter. */
    countErrors(filter: ErrorListFilter): number {
      const where = whereOfList(filter);
      return db
        .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM errors WHERE ${where.sql}`)
        .get(...where.params)!.n;
    },

    /** SQLite's plan for that page's query (EXPLAIN QUERY PLAN details): which index each sort reads. */
    planOfListErrors(filter: ErrorListFilter, page: PageRequest = {}): string[] {
      const { sql, params } = pageQuery(filter, page);
      return db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail);
    },

    /** Streams every matching error with constant memory (for CSV export). */
    *iterateErrors(filter: ErrorFilter): Generator<ErrorRow> {
      const where = whereOf(filter);
      const stmt = db.prepare<unknown[], SqlErrorRow>(
        `SELECT ${ERROR_COLUMNS} FROM errors WHERE ${where.sql} ORDER BY last_seen DESC, id DESC`,
      );
      for (const r of stmt.iterate(...where.params)) yield toErrorRow(r);
    },

    getError(id: string) {
      const r = Number.isInteger(Number(id)) ? byId.get(Number(id)) : undefined;
      if (!r) return null;
      const error = toErrorRow(r);
      // The records an associations error holds back are the ones blocked by the same record.
      const affected =
        error.blockingType && error.blockingId
          ? blockedBy
              .all(error.blockingType, error.blockingId)
              .map((a) => ({ crmType: a.crm_type, crmId: a.crm_id }))
          : [{ crmType: error.crmType, crmId: error.crmId }];
      const history = (historyOf.all(error.crmType, error.crmId) as Parameters<typeof historyRow>[0][]).map(
        historyRow,
      );
      return { error, affected, history };
    },

    /** Root-cause groups of open errors, largest first ("one fix resolves 212 errors"). */
    groups(filter: { category?: ErrorCategory } = {}): RootCauseGroup[] {
      const rows = db
        .prepare<unknown[], Record<string, unknown>>(
          `SELECT g.root_cause_key, g.category, g.errors, e.code, e.sub_type, e.field, e.value, e.rule, e.message
           FROM cause_groups g JOIN errors e ON e.id = g.sample_id
           ${filter.category ? 'WHERE g.category = ?' : ''} ORDER BY g.errors DESC LIMIT 500`,
        )
        .all(...(filter.category ? [filter.category] : []));
      return rows.map((r) => ({
        rootCauseKey: r.root_cause_key as string,
        category: r.category as ErrorCategory,
        code: r.code as string,
        subType: (r.sub_type as string | null) ?? null,
        field: (r.field as string | null) ?? null,
        value: (r.value as string | null) ?? null,
        rule: (r.rule as string | null) ?? null,
        sampleMessage: r.message as string,
        errors: r.errors as number,
        // The dedupe key holds the record, so within one cause each record has one open error.
        records: r.errors as number,
      }));
    },

    /** A record seen from either side: its link, open errors and sync history. */
    recordLookup(system: 'hubspot' | 'salesforce', objectType: string, id: string) {
      const link =
        system === 'hubspot'
          ? toHealthLink(linkByCrm.get(objectType, id) as Record<string, unknown> | undefined)
          : toHealthLink(linkBySf.get(id) as Record<string, unknown> | undefined);
      // A record created in Salesforce that the CRM refused has no link: its errors carry `sf:<id>`.
      const unlinked = !link && system === 'salesforce' ? unlinkedBySf.get(id) : undefined;
      const crmType = (link?.crmType ??
        unlinked?.crm_type ??
        (system === 'hubspot' ? objectType : null)) as CrmType | null;
      const crmId = link?.crmId ?? unlinked?.crm_id ?? (system === 'hubspot' ? id : null);
      if (!crmType || !crmId) return { link: null, synced: false, openErrors: [], history: [] };
      return {
        link,
        synced: Boolean(link?.sfId),
        openErrors: openOfRecord.all(crmType, crmId).map(toErrorRow),
        history: (historyOf.all(crmType, crmId) as Parameters<typeof historyRow>[0][]).map(historyRow),
      };
    },

    /** CRM ids of the records behind a category or a set of errors (for a CRM list), by object type. */
    affectedRecords(target: ErrorCategory | string[]): { crmType: CrmType; crmIds: string[] }[] {
      const where = whereOf(Array.isArray(target) ? { ids: target } : { category: target });
      const rows = db
        .prepare<unknown[], { crm_type: CrmType; crm_id: string }>(
          `SELECT DISTINCT crm_type, crm_id FROM errors WHERE ${where.sql}`,
        )
        .all(...where.params);
      const byType = new Map<CrmType, string[]>();
      for (const r of rows) byType.set(r.crm_type, [...(byType.get(r.crm_type) ?? []), r.crm_id]);
      return [...byType].map(([crmType, crmIds]) => ({ crmType, crmIds }));
    },

    /** New and resolved errors since a time, per category (daily/weekly notifications). */
    digest(since: number) {
      const count = (sql: string) =>
        new Map(
          db
            .prepare<[number], { category: ErrorCategory; n: number }>(sql)
            .all(since)
            .map((r) => [r.category, r.n]),
        );
      const opened = count(
        `SELECT category, COUNT(*) AS n FROM errors WHERE first_seen >= ? GROUP BY category`,
      );
      const resolved = count(
        `SELECT category, COUNT(*) AS n FROM errors WHERE resolved_at >= ? GROUP BY category`,
      );
      const open = new Map(perCategory.all().map((r) => [r.category, r.errors]));
      return {
        since,
        categories: ERROR_CATEGORIES.map((category) => ({
          category,
          newErrors: opened.get(category) ?? 0,
          resolved: resolved.get(category) ?? 0,
          open: open.get(category) ?? 0,
        })),
      };
    },
  };
}

export type HealthQueries = ReturnType<typeof createHealthQueries>;
