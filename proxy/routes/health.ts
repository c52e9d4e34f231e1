/** @module GET /api/v1/health/summary: usage, sync state and the eight category counts. */
import { Hono } from 'hono';
import { ApiHttpError } from '../http/api-http-error';
import type { RunningSync } from './api-deps';

export type { RunningSync } from './api-deps';

export function createHealthRoutes(sync: () => RunningSync | null, now: () => number = Date.now) {
  return new Hono().get('/health/summary', (c) => {
    const running = sync();
    if (!running) {
      throw new ApiHttpError(503, 'unavailable', 'The sync is still starting; try again in a second.');
    }
    const summary = running.store.summary();
    return c.json({
      state: running.engine.status(),
      usage: running.store.usage(now()),
      categories: summary.categories,
      totalOpenErrors: summary.totalOpenErrors,
      queueSize: summary.queueSize,
      lastSyncAt: summary.lastSyncAt,
    });
  });
}
