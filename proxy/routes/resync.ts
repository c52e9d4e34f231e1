/** @module POST /resync (1–100 errors, an outcome per id), POST /resync/all (a queued job), GET /jobs/:id. */
import { Hono } from 'hono';
import { type ResyncOutcomeItem, resyncAllBodySchema, resyncBodySchema } from '../../shared/api/errors';
import { notFound } from '../http/api-http-error';
import { actorOf } from '../http/team-auth';
import { parseInput, readJson } from '../http/validation';
import type { ResyncOutcome } from '../sync/resync';
import type { ApiDeps } from './api-deps';
import { requireSync } from './running-sync';

/** The error a resynced record fails with: a stored error (with its id), or a failure of the call itself. */
function failure(error: NonNullable<ResyncOutcome['error']>): NonNullable<ResyncOutcomeItem['error']> {
  return 'id' in error
    ? { code: error.code, message: error.message, errorId: error.id }
    : { code: error.code, message: error.message };
}

export function createResyncRoutes(deps: ApiDeps) {
  return new Hono()
    .post('/resync', async (c) => {
      const { errorIds } = parseInput(resyncBodySchema, await readJson(c.req), 'body');
      const { engine, store } = requireSync(deps);
      // Before the resync, so the record's history reads "Resynced by …" then what the resync did.
      await store.recordActions(errorIds, 'resync', actorOf(c), (deps.now ?? Date.now)());
      const outcomes = new Map((await engine.resync(errorIds)).map((o) => [o.id, o]));
      // One answer per id asked, in order; an unknown id is a 404 of its own, not a failed batch.
      const answer: ResyncOutcomeItem[] = errorIds.map((id) => {
        const o = outcomes.get(id);
        if (!o || o.outcome === 'not-found')
          return {
            id,
            outcome: 'not-found',
            status: 404,
            error: {
              code: 'not_found',
              message: `No open error with id "${id}" (resolved, or never existed).`,
            },
          };
        return {
          id,
          outcome: o.outcome,
          status: 200,
          ...(o.error ? { error: failure(o.error) } : {}),
        };
      });
      return c.json({ outcomes: answer });
    })
    .post('/resync/all', async (c) => {
      const { category } = parseInput(resyncAllBodySchema, await readJson(c.req), 'body');
      const { engine } = requireSync(deps);
      return c.json(await engine.resyncAll(category), 202);
    })
    .get('/jobs/:id', async (c) => {
      const id = c.req.param('id');
      const job = await requireSync(deps).engine.job(id);
      if (!job) throw notFound(`No resync job with id "${id}". POST /resync/all answers a jobId.`);
      return c.json(job);
    });
}
