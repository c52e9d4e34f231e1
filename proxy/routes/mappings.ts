/**
 * @module GET/PUT /api/v1/mappings: the mapping set in use with the problems its last validation found,
 * and replacing it (validated first: a malformed set is a 400, one that adds a problem against the org
 * or the CRM a 409, each naming the field; nothing is saved in either case).
 */
import { Hono } from 'hono';
import type { MappingsResponse } from '../../shared/api/mappings';
import { ApiHttpError, badRequest } from '../http/api-http-error';
import { MappingSetError, type SyncEngine } from '../sync/engine';
import { parseMappingSet } from '../sync/mapping-control';
import type { ApiDeps } from './api-deps';

const view = (engine: SyncEngine): MappingsResponse => {
  const checked = engine.mappingProblems();
  return {
    mappings: engine.mappings(),
    problems: checked?.problems ?? [],
    validatedAt: checked?.validatedAt ?? null,
  };
};

export function createMappingRoutes(deps: ApiDeps) {
  const engineOf = () => {
    const running = deps.sync();
    if (!running)
      throw new ApiHttpError(503, 'unavailable', 'The sync is still starting; try again in a second.');
    return running.engine;
  };
  return new Hono()
    .get('/mappings', (c) => c.json(view(engineOf())))
    .put('/mappings', async (c) => {
      const engine = engineOf();
      const body = (await c.req.json().catch(() => null)) as { mappings?: unknown } | null;
      if (!body || typeof body !== 'object' || !('mappings' in body))
        throw badRequest(
          'Send a JSON body { "mappings": [ …object pairs… ] } (GET /mappings shows the current set).',
        );
      try {
        // The shape is checked here, at the edge; the engine checks it against describe and the CRM.
        await engine.setMappings(parseMappingSet(body.mappings));
      } catch (err) {
        if (!(err instanceof MappingSetError)) throw err;
        throw err.problems.length
          ? new ApiHttpError(409, 'conflict', err.message, { cause: err })
          : badRequest(err.message);
      }
      return c.json(view(engine));
    });
}
