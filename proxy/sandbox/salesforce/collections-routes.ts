/** @module sObject Collections: create, update, upsert, delete and retrieve up to 200 records per call, with allOrNone. */
import { type Context, Hono } from 'hono';
import { findObject, type ObjectDef } from './org-definition';
import { readJsonObject } from './read-body';
import {
  deleteRecord,
  externalIdField,
  findLive,
  isSaveError,
  objectFromPath,
  presentRecord,
  saveContext,
  upsertRecord,
} from './record-ops';
import { beginTransaction, type Transaction } from './record-table';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { saveRecord } from './save-record';
import { type SaveError, SfError, sfJson } from './sf-format';

const MAX_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;

type Result = { id?: string; success: boolean; errors: SaveError[]; created?: boolean };

const rolledBack: SaveError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

// The reference cannot confirm whether collection errors carry duplicateResult; the documented example
// shows only statusCode, message and fields, so that is what we send.
const plain = (errors: SaveError[]) =>
  errors.map(({ statusCode, message, fields }) => ({ statusCode, message, fields }));

function recordsOf(body: Record<string, unknown>): Record<string, unknown>[] {
  const records = body.records;
  if (!Array.isArray(records) || records.some((r) => typeof r !== 'object' || r === null)) {
    throw new SfError(
      400,
      'JSON_PARSER_ERROR',
      'The request body needs "records": an array of record objects',
    );
  }
  // The reference marks the HTTP status of EXCEEDED_ID_LIMIT unconfirmed; we answer 400, request-level.
  if (records.length > MAX_RECORDS) {
    throw new SfError(
      400,
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call',
    );
  }
  return records as Record<string, unknown>[];
}

function typeOf(deps: SandboxDeps, record: Record<string, unknown>): ObjectDef {
  const type = (record.attributes as { type?: unknown } | undefined)?.type;
  const object = typeof type === 'string' ? findObject(deps.state().org, type) : undefined;
  if (!object?.permission.read) throw new SfError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  return object;
}

/** Commits unless allOrNone is set and something failed; then every success becomes a rollback. */
function finish(tx: Transaction, results: Result[], allOrNone: boolean): Response {
  const failed = results.some((r) => !r.success);
  if (allOrNone && failed) {
    return sfJson(
      results.map((r) =>
        r.success ? { success: false, errors: [rolledBack] } : { ...r, errors: plain(r.errors) },
      ),
    );
  }
  tx.commit();
  return sfJson(results.map((r) => ({ ...r, errors: plain(r.errors) })));
}

export function createCollectionsRoutes(deps: SandboxDeps): Hono {
  const app = new Hono();
  const urlOf = (c: Context) => recordUrlOf(deps.basePath, c.req.param('version') ?? 'v62.0');

  app.post('/composite/sobjects', async (c) => {
    const body = await readJsonObject(c);
    const records = recordsOf(body);
    const objects = records.map((r) => typeOf(deps, r));
    const tx = beginTransaction(deps.state());
    const ctx = saveContext(deps, tx, c);
    const results = records.map((record, i): Result => {
      const outcome = saveRecord(ctx, objects[i], record);
      return outcome.ok
        ? { id: outcome.record.Id, success: true, errors: [] }
        : { success: false, errors: outcome.errors };
    });
    return finish(tx, results, body.allOrNone === true);
  });

  app.patch('/composite/sobjects', async (c) => {
    const body = await readJsonObject(c);
    const records = recordsOf(body);
    const objects = records.map((r) => typeOf(deps, r));
    const tx = beginTransaction(deps.state());
    const ctx = saveContext(deps, tx, c);
    const results = records.map((record, i): Result => {
      const rawId = record.id ?? record.Id;
      if (typeof rawId !== 'string') {
        return {
          success: false,
          errors: [
            { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] },
          ],
        };
      }
      const found = findLive(tx, objects[i], rawId);
      if (isSaveError(found)) return { id: rawId, success: false, errors: [found] };
      const { id: _id, ...fields } = record;
      const outcome = saveRecord(ctx, objects[i], fields, found);
      return outcome.ok
        ? { id: found.Id, success: true, errors: [] }
        : { id: found.Id, success: false, errors: outcome.errors };
    });
    return finish(tx, results, body.allOrNone === true);
  });

  app.patch('/composite/sobjects/:type/:field', async (c) => {
    const object = objectFromPath(deps, c.req.param('type'));
    const field = externalIdField(object, c.req.param('field'));
    const body = await readJsonObject(c);
    const records = recordsOf(body);
    const tx = beginTransaction(deps.state());
    const ctx = saveContext(deps, tx, c);
    const results = records.map((record): Result => {
      const value = record[field.name];
      if (value === undefined || value === null || value === '') {
        return {
          success: false,
          errors: [{ statusCode: 'MISSING_ARGUMENT', message: `${field.name} not specified`, fields: [] }],
          created: false,
        };
      }
      const outcome = upsertRecord(ctx, object, field, String(value), record);
      if ('multiple' in outcome) {
        const ids = outcome.multiple.map((m) => m.Id).join(', ');
        const message = `${field.name} duplicates value on records with ids: ${ids}`;
        return {
          success: false,
          errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message, fields: [field.name] }],
          created: false,
        };
      }
      if (!outcome.ok) return { success: false, errors: outcome.errors, created: false };
      return { id: outcome.record.Id, success: true, errors: [], created: outcome.created };
    });
    return finish(tx, results, body.allOrNone === true);
  });

  app.delete('/composite/sobjects', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0)
      throw new SfError(
        400,
        'MISSING_ARGUMENT',
        'ids parameter is required: a comma-separated list of record ids',
      );
    if (ids.length > MAX_RECORDS) {
      throw new SfError(
        400,
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 200 records into this call',
      );
    }
    const tx = beginTransaction(deps.state());
    const results = ids.map((id): Result => {
      const type = tx.objectOf(id);
      const object = type ? deps.state().org.objects[type] : undefined;
      if (!object)
        return {
          id,
          success: false,
          errors: [{ statusCode: 'MALFORMED_ID', message: `malformed id ${id}`, fields: [] }],
        };
      const error = deleteRecord(deps, tx, object, id);
      return error ? { id, success: false, errors: [error] } : { id, success: true, errors: [] };
    });
    return finish(tx, results, c.req.query('allOrNone') === 'true');
  });

  const retrieve = (c: Context, type: string, ids: string[], fields: string[]) => {
    const object = objectFromPath(deps, type);
    if (fields.length === 0)
      throw new SfError(400, 'MISSING_ARGUMENT', 'fields parameter is required: the fields to return');
    if (ids.length > MAX_RETRIEVE_IDS) {
      throw new SfError(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`,
      );
    }
    const tx = beginTransaction(deps.state());
    return sfJson(
      ids.map((id) => {
        const found = findLive(tx, object, id);
        return isSaveError(found)
          ? null
          : presentRecord(object, found, urlOf(c)(object.name, found.Id), fields);
      }),
    );
  };
  app.post('/composite/sobjects/:type', async (c) => {
    const body = await readJsonObject(c);
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return retrieve(c, c.req.param('type'), list(body.ids), list(body.fields));
  });
  app.get('/composite/sobjects/:type', (c) => {
    const list = (v: string | undefined) => (v ?? '').split(',').filter(Boolean);
    return retrieve(c, c.req.param('type'), list(c.req.query('ids')), list(c.req.query('fields')));
  });

  return app;
}
