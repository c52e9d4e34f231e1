/** @module GET /api/v1/health/summary: usage, sync state and the eight category counts. */
import { Hono } from 'hono';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import type { RunningSync } from './api-deps';
import { requireSync } from './running-sync';

export type { RunningSync } from './api-deps';

/** The summary as GET /health/summary and the `counts` event carry it. */
export async function healthSummary(running: RunningSync, now: number): Promise<HealthSummaryResponse> {
  const summary = await running.store.summary();
  return {
    state: await running.engine.status(),
    usage: await running.store.usage(now),
    categories: summary.categories,
    totalOpenErrors: summary.totalOpenErrors,
    queueSize: summary.queueSize,
    lastSyncAt: summary.lastSyncAt,
  };
}

export function createHealthRoutes(sync: () => RunningSync | null, now: () => number = Date.now) {
  return new Hono().get('/health/summary', async (c) =>
    c.json(await healthSummary(requireSync({ sync }), now())),
  );
}
