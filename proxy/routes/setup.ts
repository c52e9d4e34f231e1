/**
 * @module GET /api/v1/setup: the setup checklist and the actions "Create missing fields" would take
 * (reads only; the last answer is kept until `?refresh=true`, an apply, or a changed describe). POST /api/v1/setup/apply `{ actions? }`: takes them and reports each one's result.
 */
import { Hono } from 'hono';
import { setupApplyBodySchema, setupQuerySchema } from '../../shared/api/setup';
import { ApiHttpError, badRequest } from '../http/api-http-error';
import { parseInput } from '../http/validation';
import { SetupInputError } from '../setup/apply-setup';
import type { ApiDeps } from './api-deps';

export function createSetupRoutes(deps: ApiDeps) {
  const setupOf = () => {
    const running = deps.sync();
    if (!running)
      throw new ApiHttpError(
        503,
        'unavailable',
        'The sync is still starting (or an account is disconnected); try again in a second.',
      );
    if (!running.setup)
      throw new ApiHttpError(503, 'unavailable', 'The setup check is not available in this mode.');
    return running.setup;
  };
  return new Hono()
    .get('/setup', async (c) => {
      const { refresh } = parseInput(setupQuerySchema, c.req.query(), 'query');
      return c.json(await setupOf().check({ refresh: refresh === 'true' }));
    })
    .post('/setup/apply', async (c) => {
      const setup = setupOf();
      const text = await c.req.text();
      let raw: unknown = {};
      if (text.trim()) {
        try {
          raw = JSON.parse(text);
        } catch {
          throw badRequest(
            'The body must be JSON: {} to take every planned action, or { "actions": [ids from GET /setup] }.',
          );
        }
      }
      const body = parseInput(setupApplyBodySchema, raw, 'body');
      try {
        return c.json(await setup.apply(body.actions));
      } catch (err) {
        if (err instanceof SetupInputError) throw badRequest(err.message);
        throw err;
      }
    });
}
