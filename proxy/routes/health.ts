/** @module GET /api/v1/health/summary: usage, sync state and the eight category counts. */
import { Hono } from 'hono';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import type { RunningSync } from './api-deps';
import { requireSync } from './running-sync';

export type { RunningSync } from './api-deps';

/** The summary as GET /health/summary and the `counts` event carry it. */
export function healthSummary(running: RunningSync, now: number): HealthSummaryResponse {
  const summary = running.store.summary();
  return {
    state: running.engine.status(),
    usage: running.store.usage(now),
    categories: summary.categories,
    totalOpenErrors: summary.totalOpenErrors,
    queueSize: summary.queueSize,
    lastSyncAt: summary.lastSyncAt,
  };
}

export function createHealthRoutes(sync: () => RunningSync | null, now: () => number = Date.now) {
  return new Hono().get('/health/summary', (c) => c.json(healthSummary(requireSync({ sync }), now())));
}
