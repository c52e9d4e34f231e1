/**
 * @module `/_control/change-events`: what an admin does in Setup → Change Data Capture (select the
 * objects that publish change events), plus what was published and delivered, for tests and demos.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { changeLog, channelOf, deliveredToday, setChangeEventsEnabled } from './change-events';
import { ControlError, objectNamed } from './direct-writes';
import type { SandboxDeps } from './sandbox-deps';

const body = z.object({ object: z.string().min(1), enabled: z.boolean() });
const interruption = z.object({ object: z.string().min(1), count: z.number().int().positive() });

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
  // The network failing between one subscriber and Salesforce: that object's next `count` requests get
  // no Bayeux answer (a tests' and demos' fault; the org's other streams are untouched).
  app.post('/interruptions', async (c) => {
    const parsed = interruption.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'bad_request',
            message: 'The body must be {"object": "Contact", "count": 3} (count: a whole number above 0)',
          },
        },
        400,
      );
    }
    const object = objectNamed(deps.state(), parsed.data.object);
    deps.streaming.interrupt(channelOf(object.name), parsed.data.count);
    return c.json({ ok: true });
  });
  return app;
}
