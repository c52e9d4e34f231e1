/** @module The API-call log (rolling 24 h), hourly history (8 days), org usage and settings, on PostgreSQL. */
import { CALL_KINDS, type CallKind } from '../../../shared/call-kinds';
import { DAY_MS, HOUR_MS } from '../../../shared/limits';
import { mergeSettings, settingsFrom } from '../settings-values';
import type { Settings } from '../types';
import type { OrgUsage, UsageReport } from '../usage-log';
import type { Db } from './db';

const HISTORY_MS = 8 * DAY_MS;

const kindOf = (k: string): CallKind =>
  (CALL_KINDS as readonly string[]).includes(k) ? (k as CallKind) : 'other';

export function createPgUsageLog(db: Db) {
  const read = async <T>(key: string, fallback: T): Promise<T> => {
    const row = await db.one<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [key]);
    return row ? (JSON.parse(row.value) as T) : fallback;
  };
  const putSetting = (key: string, value: unknown) =>
    db.run(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, JSON.stringify(value)],
    );
  const countSince = async (from: number) =>
    (await db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM api_calls WHERE at > $1`, [from]))?.n ?? 0;
  const byKindSince = async (from: number) => {
    const out = Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as Record<CallKind, number>;
    const rows = await db.rows<{ kind: string; n: number }>(
      `SELECT call_kind AS kind, COUNT(*) AS n FROM api_calls WHERE at > $1 GROUP BY call_kind`,
      [from],
    );
    for (const r of rows) out[kindOf(r.kind)] += r.n;
    return CALL_KINDS.map((kind) => ({ kind, calls: out[kind] }));
  };

  const log = {
    /** One call: `kind` is its method and path, `callKind` what it was for. */
    async logCall(at: number, kind: string, callKind: CallKind = 'other'): Promise<void> {
      // A call was spent even if the claimed batch that made it rolls back: counted on its own transaction.
      await db.outside(() =>
        db.tx(async () => {
          await db.run(`INSERT INTO api_calls (at, kind, call_kind) VALUES ($1, $2, $3)`, [
            at,
            kind,
            callKind,
          ]);
          await db.run(
            `INSERT INTO usage_hourly (hour, calls) VALUES ($1, 1)
           ON CONFLICT (hour) DO UPDATE SET calls = usage_hourly.calls + 1`,
            [Math.floor(at / HOUR_MS) * HOUR_MS],
          );
        }),
      );
    },
    calls24h: (now: number) => countSince(now - DAY_MS),
    /** The time the oldest call still in the window leaves it. */
    async windowFreesAt(now: number): Promise<number | null> {
      const row = await db.one<{ at: number | null }>(`SELECT MIN(at) AS at FROM api_calls WHERE at > $1`, [
        now - DAY_MS,
      ]);
      return row?.at ? row.at + DAY_MS : null;
    },
    async prune(now: number): Promise<void> {
      await db.tx(async () => {
        await db.run(`DELETE FROM api_calls WHERE at <= $1`, [now - DAY_MS - HOUR_MS]);
        await db.run(`DELETE FROM usage_hourly WHERE hour < $1`, [now - HISTORY_MS]);
      });
    },
    callsByKind24h: (now: number) => byKindSince(now - DAY_MS),
    /** Calls per clock hour for the last `hoursBack` hours, zero-filled, oldest first (see the SQLite store). */
    async usageHistory(
      hoursBack: number,
      now: number,
    ): Promise<{ hour: number; calls: number; byKind?: Partial<Record<CallKind, number>> }[]> {
      const end = Math.floor(now / HOUR_MS) * HOUR_MS;
      const start = end - (hoursBack - 1) * HOUR_MS;
      const [hourRows, kindRows] = await Promise.all([
        db.rows<{ hour: number; calls: number }>(
          `SELECT hour, calls FROM usage_hourly WHERE hour >= $1 ORDER BY hour`,
          [start],
        ),
        db.rows<{ hour: number; kind: string; n: number }>(
          `SELECT (at / ${HOUR_MS}) * ${HOUR_MS} AS hour, call_kind AS kind, COUNT(*) AS n FROM api_calls
           WHERE at >= $1 GROUP BY 1, call_kind`,
          [Math.max(start, now - DAY_MS - HOUR_MS)],
        ),
      ]);
      const got = new Map(hourRows.map((r) => [r.hour, r.calls]));
      const kinds = new Map<number, Partial<Record<CallKind, number>>>();
      for (const r of kindRows) {
        const k = kindOf(r.kind);
        const entry = kinds.get(r.hour) ?? {};
        entry[k] = (entry[k] ?? 0) + r.n;
        kinds.set(r.hour, entry);
      }
      return Array.from({ length: hoursBack }, (_, i) => {
        const hour = start + i * HOUR_MS;
        const byKind = kinds.get(hour);
        return byKind ? { hour, calls: got.get(hour) ?? 0, byKind } : { hour, calls: got.get(hour) ?? 0 };
      });
    },
    async setOrgUsage(u: OrgUsage): Promise<void> {
      await putSetting('org_usage', u);
    },
    orgUsage: (): Promise<OrgUsage | null> => read<OrgUsage | null>('org_usage', null),
    async settings(): Promise<Settings> {
      return settingsFrom(await read<Partial<Settings>>('settings', {}));
    },
    /** Merges a partial update; the health API validates values with zod before this. */
    async setSettings(patch: Partial<Settings>): Promise<Settings> {
      const next = mergeSettings(await log.settings(), patch);
      await putSetting('settings', next);
      return next;
    },
    async usage(now: number): Promise<UsageReport> {
      const [used, { allocation }, lastHour, org, windowFreesAt, byKind] = await Promise.all([
        countSince(now - DAY_MS),
        log.settings(),
        countSince(now - HOUR_MS),
        log.orgUsage(),
        log.windowFreesAt(now),
        byKindSince(now - DAY_MS),
      ]);
      const remaining = allocation - used;
      const exhaustedAt =
        remaining <= 0 ? now : lastHour > 0 ? now + Math.round((remaining / lastHour) * HOUR_MS) : null;
      return {
        syncCalls24h: used,
        allocation,
        allocationPercent: allocation > 0 ? (used / allocation) * 100 : 100,
        org,
        windowFreesAt,
        forecast: { callsPerHour: lastHour, exhaustedAt },
        byKind,
      };
    },
  };
  return log;
}
