/**
 * @module `/_control/change-events`: what an admin does in Setup → Change Data Capture (select the
 * objects that publish change events), plus what was published and delivered, for tests and demos.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { changeLog, deliveredToday, setChangeEventsEnabled } from './change-events';
import { ControlError, objectNamed } from './direct-writes';
import type { SandboxDeps } from './sandbox-deps';

const body = z.object({ object: z.string().min(1), enabled: z.boolean() });

export function createChangeEventsControl(deps: SandboxDeps): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof ControlError) {
      return c.json(
        { error: { code: err.status === 404 ? 'not_found' : 'bad_request', message: err.message } },
        err.status,
      );
    }
    throw err;
  });
  app.get('/', (c) => {
    const log = changeLog(deps.state());
    return c.json({
      enabled: log.enabled,
      retained: log.events.length,
      lastReplayId: log.nextReplayId - 1,
      deliveredToday: deliveredToday(deps.state(), deps.now()),
      deliveryAllocation: log.deliveryAllocation,
    });
  });
  app.post('/', async (c) => {
    const parsed = body.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      return c.json(
        {
          error: { code: 'bad_request', message: 'The body must be {"object": "Contact", "enabled": true}' },
        },
        400,
      );
    }
    // Unknown objects are refused with the list of valid ones (ControlError, answered by the control app).
    const object = objectNamed(deps.state(), parsed.data.object);
    setChangeEventsEnabled(deps.state(), object.name, parsed.data.enabled);
    deps.persist();
    return c.json({ ok: true, enabled: changeLog(deps.state()).enabled });
  });
  return app;
}
