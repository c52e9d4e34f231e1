/** @module The control API over HTTP at `${basePath}/_control` (JSON), kept apart from the Salesforce paths. */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SalesforceSandboxControl } from './control';
import { ControlError } from './direct-writes';
import { FAULT_KINDS } from './faults';

const schemas = {
  picklist: z.object({ object: z.string(), field: z.string(), value: z.string().min(1) }),
  fieldPermission: z.object({
    object: z.string(),
    field: z.string(),
    readable: z.boolean(),
    editable: z.boolean(),
  }),
  objectPermission: z.object({
    object: z.string(),
    read: z.boolean().optional(),
    create: z.boolean().optional(),
    edit: z.boolean().optional(),
    delete: z.boolean().optional(),
  }),
  rule: z.object({ object: z.string(), name: z.string(), active: z.boolean() }),
  calls: z.object({ calls: z.number().int().nonnegative() }),
  limit: z.object({ limit: z.number().int().nonnegative() }),
  faults: z.object({
    count: z.number().int().positive(),
    kind: z.enum(FAULT_KINDS as [string, ...string[]]),
    latencyMs: z.number().int().nonnegative().optional(),
  }),
  enabled: z.object({ enabled: z.boolean() }),
  record: z.object({ fields: z.record(z.string(), z.unknown()), hidden: z.boolean().optional() }),
  update: z.object({ fields: z.record(z.string(), z.unknown()) }),
  query: z.object({ q: z.string().min(1) }),
  convert: z.object({ accountId: z.string().optional(), convertedStatus: z.string().optional() }),
  merge: z.object({ masterId: z.string().min(1), mergedIds: z.array(z.string().min(1)) }),
};

async function read<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const body = await c.req.json().catch(() => {
    throw new ControlError('The body must be JSON');
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ControlError(`Invalid ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every route answers `{ ok: true }` or the data asked for; bad input gets `{ error: { code, message } }`. */
export function createControlRoutes(
  control: SalesforceSandboxControl,
  stats: () => unknown,
  session: () => unknown,
): Hono {
  // The second argument is the control call itself, run before answering.
  const ok = (c: Context, _done?: unknown) => c.json({ ok: true });
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof ControlError) {
      return c.json(
        { error: { code: err.status === 404 ? 'not_found' : 'bad_request', message: err.message } },
        err.status,
      );
    }
    return c.json({ error: { code: 'internal', message: err.message } }, 500);
  });
  app.post('/reset', (c) => ok(c, control.reset()));
  app.post('/picklist-values', async (c) => {
    const b = await read(c, schemas.picklist);
    return ok(c, control.addPicklistValue(b.object, b.field, b.value));
  });
  app.post('/field-permissions', async (c) => {
    const b = await read(c, schemas.fieldPermission);
    return ok(c, control.setFieldPermission(b.object, b.field, b));
  });
  app.post('/object-permissions', async (c) => {
    const { object, ...permission } = await read(c, schemas.objectPermission);
    return ok(c, control.setObjectPermission(object, permission));
  });
  app.post('/rules', async (c) => {
    const b = await read(c, schemas.rule);
    return ok(c, control.setRuleActive(b.object, b.name, b.active));
  });
  app.post('/api-usage', async (c) => ok(c, control.addApiUsage((await read(c, schemas.calls)).calls)));
  app.get('/api-usage', (c) => c.json(control.apiUsage()));
  app.post('/api-limit', async (c) => ok(c, control.setDailyApiLimit((await read(c, schemas.limit)).limit)));
  app.post('/faults', async (c) => {
    const b = await read(c, schemas.faults);
    return ok(
      c,
      control.injectFaults({ ...b, kind: b.kind as Parameters<typeof control.injectFaults>[0]['kind'] }),
    );
  });
  app.delete('/faults', (c) => ok(c, control.clearFaults()));
  app.post('/tokens/revoke', (c) => ok(c, control.revokeTokens()));
  app.post('/tokens/expire', (c) => ok(c, control.expireTokens()));
  app.post('/api-enabled', async (c) =>
    ok(c, control.setApiEnabled((await read(c, schemas.enabled)).enabled)),
  );
  app.post('/session', (c) => c.json(session()));
  app.get('/stats', (c) => c.json(stats()));
  app.post('/query', async (c) => c.json({ records: control.query((await read(c, schemas.query)).q) }));
  app.get('/records/:object', (c) => c.json({ records: control.records(c.req.param('object')) }));
  app.get('/records/:object/:id', (c) => c.json(control.record(c.req.param('object'), c.req.param('id'))));
  app.post('/records/:object', async (c) => {
    const b = await read(c, schemas.record);
    return c.json(control.insertRecordDirect(c.req.param('object'), b.fields, { hidden: b.hidden }), 201);
  });
  app.patch('/records/:object/:id', async (c) => {
    const b = await read(c, schemas.update);
    return c.json(control.updateRecordDirect(c.req.param('object'), c.req.param('id'), b.fields));
  });
  app.delete('/records/:object/:id', (c) =>
    ok(c, control.deleteRecord(c.req.param('object'), c.req.param('id'))),
  );
  app.post('/leads/:id/convert', async (c) =>
    c.json(control.convertLead(c.req.param('id'), await read(c, schemas.convert))),
  );
  app.post('/records/:object/merge', async (c) => {
    const b = await read(c, schemas.merge);
    return c.json(control.mergeRecords(c.req.param('object'), b.masterId, b.mergedIds));
  });
  app.post('/records/:object/:id/undelete', (c) =>
    ok(c, control.undeleteRecord(c.req.param('object'), c.req.param('id'))),
  );
  return app;
}
