/** @module Read queries behind the health API on PostgreSQL: summary, error pages, groups, record lookup, digest. */
import { ERROR_COLUMNS, type SqlErrorRow, toErrorRow } from '../error-rows';
import {
  decodePageCursor,
  type ErrorListFilter,
  type ErrorOrder,
  encodePageCursor,
  type HealthSummary,
  historyRow,
  type PageRequest,
  type RootCauseGroup,
  type SqlHistory,
  toHealthLink,
} from '../health-queries';
import { type CrmType, ERROR_CATEGORIES, type ErrorCategory, type ErrorRow, type HistoryRow } from '../types';
import { type Db, params } from './db';
import { isId } from './error-writes';
import { whereOfPg } from './where';

const MAX_PAGE = 500;

/**
 * Each order as SQL, as SQLite's (proxy/store/health-queries.ts): the record sort folds ASCII case only and
 * compares bytes, which is what SQLite's NOCASE does, whatever the database's collation.
 */
const ORDERS: Readonly<Record<ErrorOrder, { key: string; desc: boolean }>> = {
  'last-attempt': { key: 'last_seen', desc: true },
  'first-seen': { key: 'first_seen', desc: true },
  record: { key: 'lower(COALESCE(record_name, crm_id)) COLLATE "C"', desc: false },
};

function pageQuery(filter: ErrorListFilter, page: PageRequest) {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new RangeError(`Invalid limit ${limit}: use a whole number from 1 to ${MAX_PAGE}`);
  }
  const sort = page.sort ?? 'last-attempt';
  const order = ORDERS[sort];
  const { values, p } = params();
  let where = whereOfPg(filter, p);
  if (page.cursor) {
    const c = decodePageCursor(page.cursor, sort);
    const key = sort === 'record' ? `lower(${p(c.key)}::text) COLLATE "C"` : `${p(c.key)}::bigint`;
    where += ` AND (${order.key}, id) ${order.desc ? '<' : '>'} (${key}, ${p(c.id)}::bigint)`;
  }
  const dir = order.desc ? 'DESC' : 'ASC';
  const sortKey = sort === 'record' ? 'COALESCE(record_name, crm_id)' : order.key;
  const sql = `SELECT ${ERROR_COLUMNS}, ${sortKey} AS sort_key FROM errors
           WHERE ${where} ORDER BY ${order.key} ${dir}, id ${dir} LIMIT ${p(limit + 1)}`;
  return { sql, values, sort, limit };
}

export function createPgHealthQueries(db: Db) {
  const perCategory = () =>
    db.rows<{ category: ErrorCategory; errors: number; records: number }>(
      `SELECT category, errors, records FROM category_counts`,
    );
  const historyOf = async (crmType: string, crmId: string) =>
    (
      await db.rows<SqlHistory>(
        `SELECT at, action, outcome, error_id, detail, actor FROM history WHERE crm_type = $1 AND crm_id = $2
         ORDER BY at DESC, id DESC LIMIT 200`,
        [crmType, crmId],
      )
    ).map(historyRow);

  return {
    /** Every one of the eight categories, zeros included. */
    async summary(): Promise<HealthSummary> {
      // One round trip: the panel asks for this on every refresh.
      const got = await db.rows<{
        category: ErrorCategory | null;
        errors: number | null;
        records: number | null;
        queue_size: number;
        last_sync: string | null;
      }>(
        `SELECT c.category, c.errors, c.records, (SELECT COUNT(*) FROM queue) AS queue_size,
           (SELECT value FROM cursors WHERE key = 'last_sync_at') AS last_sync
         FROM (SELECT 1) AS one LEFT JOIN category_counts c ON true`,
      );
      const counts = got.filter((r) => r.category !== null) as {
        category: ErrorCategory;
        errors: number;
        records: number;
      }[];
      const queue = { n: got[0]?.queue_size ?? 0 };
      const last = got[0]?.last_sync != null ? { value: got[0].last_sync } : undefined;
      const rows = new Map(counts.map((r) => [r.category, r]));
      const categories = ERROR_CATEGORIES.map((category) => ({
        category,
        openErrors: rows.get(category)?.errors ?? 0,
        affectedRecords: rows.get(category)?.records ?? 0,
      }));
      return {
        categories,
        totalOpenErrors: categories.reduce((n, c) => n + c.openErrors, 0),
        queueSize: queue?.n ?? 0,
        lastSyncAt: last ? Number(last.value) : null,
      };
    },

    /** One page in `sort` order; pass `nextCursor` back, with the same sort, for the next page. */
    async listErrors(filter: ErrorListFilter, page: PageRequest = {}) {
      const { sql, values, sort, limit } = pageQuery(filter, page);
      const rows = await db.rows<SqlErrorRow & { sort_key: string | number }>(sql, values);
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map(toErrorRow);
      const last = rows[limit - 1];
      return { items, nextCursor: more && last ? encodePageCursor(sort, last.sort_key, last.id) : null };
    },

    /** How many errors the filter matches (open ones unless it says otherwise). */
    async countErrors(filter: ErrorListFilter): Promise<number> {
      const { values, p } = params();
      const rows = await db.rows<{ n: string }>(
        `SELECT COUNT(*) AS n FROM errors WHERE ${whereOfPg(filter, p)}`,
        values,
      );
      return Number(rows[0]?.n ?? 0);
    },

    /** PostgreSQL's plan for that page's query (EXPLAIN lines): which index each sort reads. */
    async planOfListErrors(filter: ErrorListFilter, page: PageRequest = {}): Promise<string[]> {
      const { sql, values } = pageQuery(filter, page);
      const rows = await db.rows<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values);
      return rows.map((r) => r['QUERY PLAN'].trim());
    },

    /**
     * Every matching error, newest first. The async contract makes this a promise of a generator, so the rows
     * are read before it yields: the export reads through openExportSnapshot's cursor instead.
     */
    async iterateErrors(filter: ErrorListFilter): Promise<Generator<ErrorRow>> {
      const { values, p } = params();
      const rows = await db.rows<SqlErrorRow>(
        `SELECT ${ERROR_COLUMNS} FROM errors WHERE ${whereOfPg(filter, p)} ORDER BY last_seen DESC, id DESC`,
        values,
      );
      return (function* () {
        for (const r of rows) yield toErrorRow(r);
      })();
    },

    async getError(id: string) {
      const r = isId(id)
        ? await db.one<SqlErrorRow>(`SELECT ${ERROR_COLUMNS} FROM errors WHERE id = $1`, [Number(id)])
        : undefined;
      if (!r) return null;
      const error = toErrorRow(r);
      // The records an associations error holds back are the ones blocked by the same record.
      const affected =
        error.blockingType && error.blockingId
          ? (
              await db.rows<{ crm_type: CrmType; crm_id: string }>(
                `SELECT DISTINCT crm_type, crm_id FROM errors WHERE status = 'open' AND blocking_type = $1
                 AND blocking_id = $2`,
                [error.blockingType, error.blockingId],
              )
            ).map((a) => ({ crmType: a.crm_type, crmId: a.crm_id }))
          : [{ crmType: error.crmType, crmId: error.crmId }];
      return { error, affected, history: await historyOf(error.crmType, error.crmId) };
    },

    /** Root-cause groups of open errors, largest first. */
    async groups(filter: { category?: ErrorCategory } = {}): Promise<RootCauseGroup[]> {
      const rows = await db.rows<Record<string, unknown>>(
        `SELECT g.root_cause_key, g.category, g.errors, e.code, e.sub_type, e.field, e.value, e.rule, e.message
         FROM cause_groups g JOIN errors e ON e.id = g.sample_id
         ${filter.category ? 'WHERE g.category = $1' : ''} ORDER BY g.errors DESC LIMIT 500`,
        filter.category ? [filter.category] : [],
      );
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
        records: r.errors as number,
      }));
    },

    /** A record seen from either side: its link, open errors and sync history. */
    async recordLookup(system: 'hubspot' | 'salesforce', objectType: string, id: string) {
      const link =
        system === 'hubspot'
          ? toHealthLink(
              await db.one(`SELECT * FROM links WHERE crm_type = $1 AND crm_id = $2`, [objectType, id]),
            )
          : toHealthLink(await db.one(`SELECT * FROM links WHERE sf_id = $1 LIMIT 1`, [id]));
      // A record created in Salesforce that the CRM refused has no link: its errors carry `sf:<id>`.
      const unlinked =
        !link && system === 'salesforce'
          ? await db.one<{ crm_type: string; crm_id: string }>(
              `SELECT crm_type, crm_id FROM errors WHERE sf_id = $1 AND crm_id LIKE 'sf:%' LIMIT 1`,
              [id],
            )
          : undefined;
      const crmType = (link?.crmType ??
        unlinked?.crm_type ??
        (system === 'hubspot' ? objectType : null)) as CrmType | null;
      const crmId = link?.crmId ?? unlinked?.crm_id ?? (system === 'hubspot' ? id : null);
      if (!crmType || !crmId)
        return { link: null, synced: false, openErrors: [] as ErrorRow[], history: [] as HistoryRow[] };
      const open = await db.rows<SqlErrorRow>(
        `SELECT ${ERROR_COLUMNS} FROM errors WHERE crm_type = $1 AND crm_id = $2 AND status = 'open'
         ORDER BY last_seen DESC`,
        [crmType, crmId],
      );
      return {
        link,
        synced: Boolean(link?.sfId),
        openErrors: open.map(toErrorRow),
        history: await historyOf(crmType, crmId),
      };
    },

    /** CRM ids of the records behind a category or a set of errors (for a CRM list), by object type. */
    async affectedRecords(
      target: ErrorCategory | string[],
    ): Promise<{ crmType: CrmType; crmIds: string[] }[]> {
      const { values, p } = params();
      const where = whereOfPg(Array.isArray(target) ? { ids: target } : { category: target }, p);
      // SQLite's DISTINCT hands them out in first-seen order; ordering by the first id does the same here.
      const rows = await db.rows<{ crm_type: CrmType; crm_id: string }>(
        `SELECT crm_type, crm_id FROM errors WHERE ${where} GROUP BY crm_type, crm_id ORDER BY MIN(id)`,
        values,
      );
      const byType = new Map<CrmType, string[]>();
      for (const r of rows) byType.set(r.crm_type, [...(byType.get(r.crm_type) ?? []), r.crm_id]);
      return [...byType].map(([crmType, crmIds]) => ({ crmType, crmIds }));
    },

    /** New and resolved errors since a time, per category (daily/weekly notifications). */
    async digest(since: number) {
      const count = async (sql: string) =>
        new Map(
          (await db.rows<{ category: ErrorCategory; n: number }>(sql, [since])).map((r) => [r.category, r.n]),
        );
      const [opened, resolved, counts] = await Promise.all([
        count(`SELECT category, COUNT(*) AS n FROM errors WHERE first_seen >= $1 GROUP BY category`),
        count(`SELECT category, COUNT(*) AS n FROM errors WHERE resolved_at >= $1 GROUP BY category`),
        perCategory(),
      ]);
      const open = new Map(counts.map((r) => [r.category, r.errors]));
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
