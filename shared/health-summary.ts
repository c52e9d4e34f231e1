/** @module The answer of GET /api/v1/health/summary, as the extension reads it. */
import type { SyncState } from './api/sync-state';
import type { CallKind } from './call-kinds';
import type { Category } from './taxonomy';

export interface HealthSummaryResponse {
  state: SyncState;
  usage: {
    syncCalls24h: number;
    allocation: number;
    allocationPercent: number;
    org: { used: number; limit: number } | null;
    forecast: { callsPerHour: number; exhaustedAt: number | null };
    /** The sync's calls of the rolling 24 h by kind (absent from proxies older than this field). */
    byKind?: { kind: CallKind; calls: number }[];
  };
  categories: { category: Category; openErrors: number; affectedRecords: number }[];
  totalOpenErrors: number;
  queueSize: number;
  lastSyncAt: number | null;
}
