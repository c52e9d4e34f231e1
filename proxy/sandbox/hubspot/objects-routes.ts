/** @module CRM v3 objects: single-record CRUD, batch read/create/update/upsert/archive and search. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CrmObjectType } from '../../crm/types';
import { mergeRecords } from './merge-records';
import { badRequest } from './portal-error';
import { batchResponse, checkBatchSize, listParam, objectTypeOf, publicObject, readBody } from './portal-io';
import type { ArchivedRecord, PortalDeps, StoredRecord } from './portal-store';
import { createViewCache } from './search-index';
import { searchRecords, searchRequestSchema } from './search-records';

const properties = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const idInputs = z.object({ inputs: z.array(z.object({ id: z.string().min(1) })) });
const readSchema = idInputs.extend({
  properties: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});
const createSchema = z.object({
  inputs: z.array(z.object({ properties, objectWriteTraceId: z.string().optional() })),
});
const updateSchema = z.object({
  inputs: z.array(z.object({ id: z.string().min(1), properties, objectWriteTraceId: z.string().optional() })),
});
const upsertSchema = z.object({
  inputs: z.array(
    z.object({
      id: z.string().min(1),
      idProperty: z.string().min(1),
      properties,
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});

export function createObjectsRoutes(deps: PortalDeps) {
  const { store, now } = deps;
  const views = createViewCache(deps.state, (type) => store.all(type as CrmObjectType), store.version);
  const out = (type: CrmObjectType, r: StoredRecord, props: string[] = [], trace?: string) => ({
    ...publicObject(type, r, props),
    ...(trace ? { objectWriteTraceId: trace } : {}),
  });

  /** A live record by id (a merged id answers the record the merge made) or by a unique property. */
  function resolve(type: CrmObjectType, id: string, idProperty?: string): StoredRecord | undefined {
    if (!idProperty || idProperty === 'hs_object_id') return store.resolveId(type, id);
    const def = store.definitions(type).find((d) => d.name === idProperty);
    if (!def?.hasUniqueValue) {
      throw badRequest(
        `idProperty "${idProperty}" is not a unique-value property of ${type}; use one that is`,
      );
    }
    return store.findByUnique(type, idProperty, id);
  }

  /** `archived=true` reads answer archived records only, with their archive time. */
  const archivedOut = (type: CrmObjectType, r: ArchivedRecord, props: string[] = []) => ({
    ...publicObject(type, r, props),
    archived: true,
    archivedAt: new Date(r.archivedAt).toISOString(),
  });
  const wantsArchived = (c: { req: { query(name: string): string | undefined } }) =>
    c.req.query('archived') === 'true';

  const missingError = (type: CrmObjectType, ids: string[]) => ({
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${type} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
  });

  return new Hono()
    .get('/:type', (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const limit = Math.min(Number(c.req.query('limit') ?? 10), 100);
      const after = Number(c.req.query('after') ?? 0);
      if (wantsArchived(c)) {
        const archived = store
          .allArchived(type)
          .filter((r) => Number(r.id) > after)
          .sort((a, b) => Number(a.id) - Number(b.id));
        const page = archived.slice(0, limit);
        return c.json({
          results: page.map((r) => archivedOut(type, r, listParam(c, 'properties'))),
          ...(archived.length > limit ? { paging: { next: { after: page[page.length - 1].id } } } : {}),
        });
      }
      const rows = store
        .all(type)
        .filter((r) => Number(r.id) > after)
        .sort((a, b) => Number(a.id) - Number(b.id));
      const page = rows.slice(0, limit);
      const more = rows.length > limit;
      return c.json({
        results: page.map((r) => out(type, r, listParam(c, 'properties'))),
        ...(more ? { paging: { next: { after: page[page.length - 1].id } } } : {}),
      });
    })
    .post('/:type', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, z.object({ properties }));
      const [created] = store.write(type, [{ properties: body.properties }]);
      return c.json(out(type, created, Object.keys(body.properties)), 201);
    })
    .post('/:type/merge', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(
        c,
        z.object({ primaryObjectId: z.string().min(1), objectIdToMerge: z.string().min(1) }),
      );
      const merged = mergeRecords(deps, type, body.primaryObjectId, body.objectIdToMerge);
      return c.json(out(type, merged));
    })
    .get('/:type/:id', (c) => {
      const type = objectTypeOf(c.req.param('type'));
      if (wantsArchived(c)) {
        const archived = store.getArchived(type, c.req.param('id'));
        if (!archived) throw store.notFoundError(type, c.req.param('id'));
        return c.json(archivedOut(type, archived, listParam(c, 'properties')));
      }
      const record = resolve(type, c.req.param('id'), c.req.query('idProperty'));
      if (!record) throw store.notFoundError(type, c.req.param('id'));
      return c.json(out(type, record, listParam(c, 'properties')));
    })
    .patch('/:type/:id', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, z.object({ properties }));
      const record = resolve(type, c.req.param('id'), c.req.query('idProperty'));
      if (!record) throw store.notFoundError(type, c.req.param('id'));
      const [updated] = store.write(type, [{ id: record.id, properties: body.properties }]);
      return c.json(out(type, updated, Object.keys(body.properties)));
    })
    .delete('/:type/:id', (c) => {
      store.archive(objectTypeOf(c.req.param('type')), c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/:type/batch/read', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, readSchema);
      checkBatchSize(body.inputs.length);
      const found: StoredRecord[] = [];
      const missing: string[] = [];
      for (const { id } of body.inputs) {
        const record = wantsArchived(c) ? store.getArchived(type, id) : resolve(type, id, body.idProperty);
        if (record) found.push(record);
        else missing.push(id);
      }
      const errors = missing.length ? [missingError(type, missing)] : [];
      return batchResponse(
        c,
        now(),
        found.map((r) =>
          wantsArchived(c)
            ? archivedOut(type, r as ArchivedRecord, body.properties)
            : out(type, r, body.properties),
        ),
        errors,
      );
    })
    .post('/:type/batch/create', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, createSchema);
      checkBatchSize(body.inputs.length);
      const created = store.write(
        type,
        body.inputs.map((i) => ({ properties: i.properties })),
      );
      const results = created.map((r, i) =>
        out(type, r, Object.keys(body.inputs[i].properties), body.inputs[i].objectWriteTraceId),
      );
      return batchResponse(c, now(), results, [], 201);
    })
    .post('/:type/batch/update', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, updateSchema);
      checkBatchSize(body.inputs.length);
      // Unknown ids are reported per input (207); every other input is still applied.
      const present = body.inputs.filter((i) => store.get(type, i.id));
      const missing = body.inputs.filter((i) => !store.get(type, i.id)).map((i) => i.id);
      const updated = store.write(
        type,
        present.map((i) => ({ id: i.id, properties: i.properties })),
      );
      const results = updated.map((r, i) =>
        out(type, r, Object.keys(present[i].properties), present[i].objectWriteTraceId),
      );
      return batchResponse(c, now(), results, missing.length ? [missingError(type, missing)] : []);
    })
    .post('/:type/batch/upsert', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, upsertSchema);
      checkBatchSize(body.inputs.length);
      const existing = body.inputs.map((i) => resolve(type, i.id, i.idProperty));
      const written = store.write(
        type,
        body.inputs.map((i, n) => ({
          id: existing[n]?.id,
          properties: { ...i.properties, [i.idProperty]: i.id },
        })),
      );
      const results = written.map((r, n) => ({
        ...out(type, r, Object.keys(body.inputs[n].properties), body.inputs[n].objectWriteTraceId),
        new: !existing[n],
      }));
      return batchResponse(c, now(), results);
    })
    .post('/:type/batch/archive', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const body = await readBody(c, idInputs);
      checkBatchSize(body.inputs.length);
      for (const { id } of body.inputs) store.archive(type, id);
      return c.body(null, 204);
    })
    .post('/:type/search', async (c) => {
      const type = objectTypeOf(c.req.param('type'));
      const request = await readBody(c, searchRequestSchema);
      const { total, page, nextAfter } = searchRecords(
        () => store.all(type),
        store.definitions(type),
        request,
        (def) => views(type, def),
      );
      return c.json({
        total,
        results: page.map((r) => out(type, r, request.properties)),
        ...(nextAfter ? { paging: { next: { after: nextAfter } } } : {}),
      });
    });
}
