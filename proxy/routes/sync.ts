/** @module Sync control: run now, status, usage history, and clearing a suspension once its cause is fixed. */
import { Hono } from 'hono';
import type { SyncRunAnswer, SyncStatusAnswer, UsageHistoryAnswer } from '../../shared/api/control';
import { usageHistoryQuerySchema } from '../../shared/api/control';
import type { AcceptPreviewAnswer, PreviewAnswer } from '../../shared/api/preview';
import { notFound } from '../http/api-http-error';
import { parseInput } from '../http/validation';
import type { ApiDeps, RunningSync } from './api-deps';
import { requireSync } from './running-sync';

async function statusOf(running: RunningSync): Promise<SyncStatusAnswer> {
  const s = await running.store.summary();
  return {
    state: await running.engine.status(),
    lastSyncAt: s.lastSyncAt,
    queueSize: s.queueSize,
    totalOpenErrors: s.totalOpenErrors,
    // A stand-in engine (some route tests) may not say: the field is optional in the contract.
    salesforceChanges: await running.engine.salesforceChanges?.(),
  };
}

export function createSyncRoutes(deps: ApiDeps) {
  const now = () => (deps.now ?? Date.now)();
  return (
    new Hono()
      .get('/sync/status', async (c) => c.json(await statusOf(requireSync(deps))))
      .post('/sync/run', async (c) => {
        const running = requireSync(deps);
        // Runs queue behind the scheduler's run (the engine runs one at a time), so "sync now" never overlaps.
        const run = await running.engine.runOnce();
        const answer: SyncRunAnswer = {
          ...(await statusOf(running)),
          queuedFromCrm: run.queuedFromCrm,
          processed: run.processed,
          ...(run.failure ? { failure: run.failure } : {}),
        };
        return c.json(answer);
      })
      // Dry run and its acceptance (a newly connected pair writes nothing before it is accepted).
      .post('/sync/preview', async (c) => {
        const answer: PreviewAnswer = await requireSync(deps).engine.preview();
        return c.json(answer);
      })
      .post('/sync/accept-preview', async (c) => {
        const at = await requireSync(deps).engine.acceptPreview();
        const answer: AcceptPreviewAnswer = { accepted: true, acceptedAt: new Date(at).toISOString() };
        return c.json(answer);
      })
      .post('/suspensions/:id/clear', async (c) => {
        const id = c.req.param('id');
        const running = requireSync(deps);
        if (!(await running.engine.clearSuspension(id)))
          throw notFound(`No suspension "${id}" is active. GET /sync/status shows the current state.`);
        return c.json(await statusOf(running));
      })
      .get('/usage/history', async (c) => {
        const { hours = 24 } = parseInput(usageHistoryQuerySchema, c.req.query(), 'query');
        const { store } = requireSync(deps);
        const t = now();
        const usage = await store.usage(t);
        const answer: UsageHistoryAnswer = {
          hours: await store.usageHistory(hours, t),
          allocation: usage.allocation,
          forecast: usage.forecast,
        };
        return c.json(answer);
      })
  );
}
