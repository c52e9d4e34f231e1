/** @module Single-record REST: /sobjects, /sobjects/{T}, describe, retrieve/create/update/delete by id, upsert and get by external id. */
import { type Context, Hono } from 'hono';
import { describeObject, describeObjectSummary } from './describe';
import { readJsonObject } from './read-body';
import {
  deleteRecord,
  externalIdField,
  findLive,
  isSaveError,
  matchExternalId,
  objectFromPath,
  presentRecord,
  saveContext,
  upsertRecord,
} from './record-ops';
import { beginTransaction } from './record-table';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { saveRecord } from './save-record';
import { type SaveError, SfError, sfJson, singleCallErrors } from './sf-format';

// A missing or deleted record in a path is a 404, the other save errors a 400.
const statusFor = (e: SaveError) =>
  e.statusCode === 'INVALID_CROSS_REFERENCE_KEY' ||
  e.statusCode === 'ENTITY_IS_DELETED' ||
  e.statusCode === 'MALFORMED_ID'
    ? 404
    : 400;
const notFound = (e: SaveError) =>
  e.statusCode === 'ENTITY_IS_DELETED'
    ? new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted', [])
    : new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');

export function createSobjectRoutes(deps: SandboxDeps): Hono {
  const app = new Hono();
  const version = (c: Context) => c.req.param('version') ?? 'v62.0';
  const urlOf = (c: Context) => recordUrlOf(deps.basePath, version(c));

  app.get('/sobjects', (c) => {
    const objects = Object.values(deps.state().org.objects).filter((o) => o.permission.read);
    return sfJson({
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: objects.map((o) => describeObjectSummary(o, deps.basePath, version(c))),
    });
  });

  app.get('/sobjects/:type', (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    return sfJson({
      objectDescribe: describeObjectSummary(object, deps.basePath, version(c)),
      recentItems: [],
    });
  });

  app.get('/sobjects/:type/describe', (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    return sfJson(describeObject(deps.state().org, object, deps.basePath, version(c)));
  });

  app.post('/sobjects/:type', async (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const body = await readJsonObject(c);
    const tx = beginTransaction(deps.state());
    const outcome = saveRecord(saveContext(deps, tx, c), object, body);
    if (!outcome.ok) return sfJson(singleCallErrors(outcome.errors), 400);
    tx.commit();
    return sfJson({ id: outcome.record.Id, success: true, errors: [] }, 201);
  });

  app.get('/sobjects/:type/:id', (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const found = findLive(beginTransaction(deps.state()), object, c.req.param('id'));
    if (isSaveError(found)) {
      if (found.statusCode === 'MALFORMED_ID') throw externalIdMissing(c.req.param('id'));
      throw notFound(found);
    }
    const fields = c.req
      .query('fields')
      ?.split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    return sfJson(presentRecord(object, found, urlOf(c)(object.name, found.Id), fields));
  });

  app.patch('/sobjects/:type/:id', async (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const body = await readJsonObject(c);
    const tx = beginTransaction(deps.state());
    const found = findLive(tx, object, c.req.param('id'));
    if (isSaveError(found))
      throw found.statusCode === 'MALFORMED_ID' ? externalIdMissing(c.req.param('id')) : notFound(found);
    const outcome = saveRecord(saveContext(deps, tx, c), object, body, found);
    if (!outcome.ok) return sfJson(singleCallErrors(outcome.errors), 400);
    tx.commit();
    return c.body(null, 204);
  });

  app.delete('/sobjects/:type/:id', (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const tx = beginTransaction(deps.state());
    const error = deleteRecord(deps, tx, object, c.req.param('id'));
    if (error) {
      if (statusFor(error) === 404)
        throw error.statusCode === 'MALFORMED_ID' ? externalIdMissing(c.req.param('id')) : notFound(error);
      return sfJson(singleCallErrors([error]), 400);
    }
    tx.commit();
    return c.body(null, 204);
  });

  app.get('/sobjects/:type/:field/:value', (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const field = externalIdField(object, c.req.param('field'));
    const matches = matchExternalId(beginTransaction(deps.state()), object, field, c.req.param('value'));
    if (matches.length === 0) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (matches.length > 1)
      return sfJson(
        matches.map((m) => urlOf(c)(object.name, m.Id)),
        300,
      );
    return sfJson(presentRecord(object, matches[0], urlOf(c)(object.name, matches[0].Id)));
  });

  app.patch('/sobjects/:type/:field/:value', async (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const field = externalIdField(object, c.req.param('field'));
    const body = await readJsonObject(c);
    const tx = beginTransaction(deps.state());
    const outcome = upsertRecord(saveContext(deps, tx, c), object, field, c.req.param('value'), body);
    if ('multiple' in outcome)
      return sfJson(
        outcome.multiple.map((m) => urlOf(c)(object.name, m.Id)),
        300,
      );
    if (!outcome.ok) return sfJson(singleCallErrors(outcome.errors), 400);
    tx.commit();
    // Since v46 an update through upsert answers 200 with created:false (the reference marks the exact version unconfirmed).
    const result = { id: outcome.record.Id, success: true, errors: [], created: outcome.created };
    return sfJson(result, outcome.created ? 201 : 200);
  });

  return app;
}

/** A path segment that is not an id reads, to Salesforce, like an external id field it does not know. */
function externalIdMissing(value: string): SfError {
  return new SfError(
    404,
    'NOT_FOUND',
    `Provided external ID field does not exist or is not accessible: ${value}`,
  );
}
