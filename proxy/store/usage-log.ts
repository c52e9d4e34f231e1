/** @module The API-call log (rolling 24 h), hourly history (8 days), org usage, and settings. */
import type Database from 'better-sqlite3';
import { CALL_KINDS, type CallKind } from '../../shared/call-kinds';
import { DAY_MS, HOUR_MS } from '../../shared/limits';
import { mergeSettings, settingsFrom } from './settings-values';
import type { Settings } from './types';

export { DAY_MS };

const HISTORY_MS = 8 * DAY_MS;

export interface OrgUsage {
  used: number;
  limit: number;
  seenAt: number;
}

export interface UsageReport {
  /** Calls the sync made in the rolling 24 h before `now`. */
  syncCalls24h: number;
  allocation: number;
  /** Share of the allocation spent, 0–100+. */
  allocationPercent: number;
  org: OrgUsage | null;
  /** When the oldest call in the window ages out (frees one call). */
  windowFreesAt: number | null;
  /** At the last hour's rate, when the allocation is spent; null when it lasts. */
  forecast: { callsPerHour: number; exhaustedAt: number | null };
  /** The sync's calls of the rolling 24 h by kind (every kind, zeros included, in CALL_KINDS order). */
  byKind: { kind: CallKind; calls: number }[];
}

export function createUsageLog(db: Database.Database) {
  const insertCall = db.prepare(`INSERT INTO api_calls (at, kind, call_kind) VALUES (?, ?, ?)`);
  const kindsSince = db.prepare<[number], { kind: string; n: number }>(
    `SELECT call_kind AS kind, COUNT(*) AS n FROM api_calls WHERE at > ? GROUP BY call_kind`,
  );
  const kindsByHour = db.prepare<[number], { hour: number; kind: string; n: number }>(
    `SELECT (at / ${HOUR_MS}) * ${HOUR_MS} AS hour, call_kind AS kind, COUNT(*) AS n FROM api_calls WHERE at >= ? GROUP BY hour, call_kind`,
  );
  const bumpHour = db.prepare(
    `INSERT INTO usage_hourly (hour, calls) VALUES (?, 1) ON CONFLICT (hour) DO UPDATE SET calls = calls + 1`,
  );
  const since = db.prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM api_calls WHERE at > ?`);
  const oldest = db.prepare<[number], { at: number }>(`SELECT MIN(at) AS at FROM api_calls WHERE at > ?`);
  const pruneCalls = db.prepare(`DELETE FROM api_calls WHERE at <= ?`);
  const pruneHours = db.prepare(`DELETE FROM usage_hourly WHERE hour < ?`);
  const hours = db.prepare<[number], { hour: number; calls: number }>(
    `SELECT hour, calls FROM usage_hourly WHERE hour >= ? ORDER BY hour`,
  );
  const getSetting = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
  const putSetting = db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );

  const read = <T>(key: string, fallback: T): T => {
    const row = getSetting.get(key);
    return row ? (JSON.parse(row.value) as T) : fallback;
  };
  // Plain methods around the transactions: better-sqlite3's Transaction type stays out of the Store interface.
  const logCall = db.transaction((at: number, kind: string, callKind: CallKind) => {
    insertCall.run(at, kind, callKind);
    bumpHour.run(Math.floor(at / HOUR_MS) * HOUR_MS);
  });
  const prune = db.transaction((now: number) => {
    pruneCalls.run(now - DAY_MS - HOUR_MS);
    pruneHours.run(now - HISTORY_MS);
  });
  const calls24h = (now: number) => since.get(now - DAY_MS)?.n ?? 0;

  const zeroKinds = () => Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as Record<CallKind, number>;
  const byKindSince = (from: number) => {
    const out = zeroKinds();
    for (const r of kindsSince.all(from))
      out[(CALL_KINDS as readonly string[]).includes(r.kind) ? (r.kind as CallKind) : 'other'] += r.n;
    return CALL_KINDS.map((kind) => ({ kind, calls: out[kind] }));
  };

  const log = {
    /** One call: `kind` is its method and path, `callKind` what it was for. */
    logCall(at: number, kind: string, callKind: CallKind = 'other'): void {
      logCall(at, kind, callKind);
    },
    calls24h,
    /** The time the oldest call still in the window leaves it. */
    windowFreesAt(now: number): number | null {
      const row = oldest.get(now - DAY_MS);
      return row?.at ? row.at + DAY_MS : null;
    },
    prune(now: number): void {
      prune(now);
    },
    /** The sync's calls of the rolling 24 h by kind. */
    callsByKind24h: (now: number) => byKindSince(now - DAY_MS),
    /**
     * Calls per clock hour for the last `hoursBack` hours, zero-filled, oldest first; `byKind` for the
     * hours the call log still holds (the last 25), totals only before that.
     */
    usageHistory(
      hoursBack: number,
      now: number,
    ): { hour: number; calls: number; byKind?: Partial<Record<CallKind, number>> }[] {
      const end = Math.floor(now / HOUR_MS) * HOUR_MS;
      const start = end - (hoursBack - 1) * HOUR_MS;
      const got = new Map(hours.all(start).map((r) => [r.hour, r.calls]));
      const kinds = new Map<number, Partial<Record<CallKind, number>>>();
      for (const r of kindsByHour.all(Math.max(start, now - DAY_MS - HOUR_MS))) {
        const k = (CALL_KINDS as readonly string[]).includes(r.kind) ? (r.kind as CallKind) : 'other';
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
    setOrgUsage(u: OrgUsage): void {
      putSetting.run('org_usage', JSON.stringify(u));
    },
    orgUsage: (): OrgUsage | null => read<OrgUsage | null>('org_usage', null),
    settings(): Settings {
      return settingsFrom(read<Partial<Settings>>('settings', {}));
    },
    /** Merges a partial update; the health API validates values with zod before this. */
    setSettings(patch: Partial<Settings>): Settings {
      const next = mergeSettings(log.settings(), patch);
      putSetting.run('settings', JSON.stringify(next));
      return next;
    },
    usage(now: number): UsageReport {
      const used = calls24h(now);
      const { allocation } = log.settings();
      const lastHour = since.get(now - HOUR_MS)?.n ?? 0;
      const remaining = allocation - used;
      const exhaustedAt =
        remaining <= 0 ? now : lastHour > 0 ? now + Math.round((remaining / lastHour) * HOUR_MS) : null;
      return {
        syncCalls24h: used,
        allocation,
        allocationPercent: allocation > 0 ? (used / allocation) * 100 : 100,
        org: log.orgUsage(),
        windowFreesAt: log.windowFreesAt(now),
        forecast: { callsPerHour: lastHour, exhaustedAt },
        byKind: byKindSince(now - DAY_MS),
      };
    },
  };
  return log;
}

export type UsageLog = ReturnType<typeof createUsageLog>;
