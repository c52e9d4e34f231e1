/** @module The answer of GET /api/v1/health/summary, as the extension reads it. */
import type { SyncState } from './api/sync-state';
import type { Category } from './taxonomy';

export interface HealthSummaryResponse {
  state: SyncState;
  usage: {
    syncCalls24h: number;
    allocation: number;
    allocationPercent: number;
    org: { used: number; limit: number } | null;
    forecast: { callsPerHour: number; exhaustedAt: number | null };
  };
  categories: { category: Category; openErrors: number; affectedRecords: number }[];
  totalOpenErrors: number;
  queueSize: number;
  lastSyncAt: number | null;
}
