/** @module Associations v4: read one record's, batch read, create the default (unlabeled) association, batch archive. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CrmObjectType } from '../../crm/types';
import { PortalError } from './portal-error';
import { batchResponse, checkBatchSize, objectTypeOf, readBody } from './portal-io';
import type { PortalDeps, PortalState } from './portal-store';

// HubSpot-defined ids of the unlabeled association between each pair of standard objects.
const TYPE_IDS: Record<string, number> = {
  'contacts|companies': 279,
  'companies|contacts': 280,
  'deals|companies': 341,
  'companies|deals': 342,
  'deals|contacts': 3,
  'contacts|deals': 4,
};

const spec = (from: CrmObjectType, to: CrmObjectType) => ({
  category: 'HUBSPOT_DEFINED',
  typeId: TYPE_IDS[`${from}|${to}`],
  label: null,
});

const specOf = (from: CrmObjectType, to: CrmObjectType) => ({
  associationCategory: 'HUBSPOT_DEFINED',
  associationTypeId: TYPE_IDS[`${from}|${to}`],
});

export function associatedIds(
  state: PortalState,
  from: CrmObjectType,
  id: string,
  to: CrmObjectType,
): string[] {
  return state.associations[`${from}|${id}|${to}`] ?? [];
}

/** Links two records both ways; refuses past `limit` associations of one record to one object type. */
export function associateRecords(
  state: PortalState,
  limit: number,
  from: CrmObjectType,
  fromId: string,
  to: CrmObjectType,
  toId: string,
): void {
  const forward = `${from}|${fromId}|${to}`;
  const backward = `${to}|${toId}|${from}`;
  if (state.associations[forward]?.includes(toId)) return;
  for (const [key, type, id, other] of [
    [forward, from, fromId, to],
    [backward, to, toId, from],
  ]) {
    if ((state.associations[key]?.length ?? 0) >= limit) {
      const message = `Association limit reached: ${type} ${id} already has ${limit} ${other} associations (the limit per record)`;
      throw new PortalError(400, 'VALIDATION_ERROR', message, [{ message, code: 'TOO_MANY_ASSOCIATIONS' }], {
        subCategory: 'crm.associations.TOO_MANY_ASSOCIATIONS',
      });
    }
  }
  state.associations[forward] = [...(state.associations[forward] ?? []), toId];
  state.associations[backward] = [...(state.associations[backward] ?? []), fromId];
}

/** Unlinks two records both ways; unlinking records that were not linked changes nothing. */
export function dissociateRecords(
  state: PortalState,
  from: CrmObjectType,
  fromId: string,
  to: CrmObjectType,
  toId: string,
): void {
  for (const [key, other] of [
    [`${from}|${fromId}|${to}`, toId],
    [`${to}|${toId}|${from}`, fromId],
  ]) {
    const kept = (state.associations[key] ?? []).filter((id) => id !== other);
    if (kept.length) state.associations[key] = kept;
    else delete state.associations[key];
  }
}

const pairInput = z.object({
  from: z.object({ id: z.coerce.string().min(1) }),
  to: z.object({ id: z.coerce.string().min(1) }),
});
const archiveInput = z.object({
  from: z.object({ id: z.coerce.string().min(1) }),
  to: z.array(z.object({ id: z.coerce.string().min(1) })),
});

export function createAssociationsRoutes(deps: PortalDeps) {
  const { store, state, now } = deps;
  const toObjects = (from: CrmObjectType, id: string, to: CrmObjectType) =>
    associatedIds(state(), from, id, to).map((toId) => ({
      toObjectId: Number(toId),
      associationTypes: [spec(from, to)],
    }));

  return (
    new Hono()
      .get('/objects/:from/:id/associations/:to', (c) => {
        const from = objectTypeOf(c.req.param('from'));
        const to = objectTypeOf(c.req.param('to'));
        const id = c.req.param('id');
        if (!store.get(from, id)) throw store.notFoundError(from, id);
        return c.json({ results: toObjects(from, id, to) });
      })
      .post('/associations/:from/:to/batch/read', async (c) => {
        const from = objectTypeOf(c.req.param('from'));
        const to = objectTypeOf(c.req.param('to'));
        const body = await readBody(c, z.object({ inputs: z.array(z.object({ id: z.string().min(1) })) }));
        checkBatchSize(body.inputs.length);
        const results = body.inputs
          .map(({ id }) => ({ from: { id }, to: toObjects(from, id, to) }))
          .filter((r) => r.to.length > 0);
        return batchResponse(c, now(), results);
      })
      // Each pair stands alone, as in HubSpot: refused pairs come back in `errors` (207) naming their
      // ids in `context`, the others are made. Associating a linked pair again is not an error.
      .post('/associations/:from/:to/batch/associate/default', async (c) => {
        const from = objectTypeOf(c.req.param('from'));
        const to = objectTypeOf(c.req.param('to'));
        const body = await readBody(c, z.object({ inputs: z.array(pairInput) }));
        checkBatchSize(body.inputs.length);
        const results: unknown[] = [];
        const errors: unknown[] = [];
        for (const input of body.inputs) {
          const fromId = input.from.id;
          const toId = input.to.id;
          const context = { fromObjectId: [fromId], toObjectId: [toId] };
          try {
            if (!store.get(from, fromId)) throw store.notFoundError(from, fromId);
            if (!store.get(to, toId)) throw store.notFoundError(to, toId);
            associateRecords(state(), deps.associationLimit, from, fromId, to, toId);
            results.push({ from: { id: fromId }, to: { id: toId }, associationSpec: specOf(from, to) });
          } catch (err) {
            if (!(err instanceof PortalError)) throw err;
            errors.push({ ...err.body(), context });
          }
        }
        return batchResponse(c, now(), results, errors);
      })
      .post('/associations/:from/:to/batch/archive', async (c) => {
        const from = objectTypeOf(c.req.param('from'));
        const to = objectTypeOf(c.req.param('to'));
        const body = await readBody(c, z.object({ inputs: z.array(archiveInput) }));
        checkBatchSize(body.inputs.length);
        for (const input of body.inputs)
          for (const target of input.to) dissociateRecords(state(), from, input.from.id, to, target.id);
        return c.body(null, 204);
      })
      .put('/objects/:from/:fromId/associations/default/:to/:toId', (c) => {
        const from = objectTypeOf(c.req.param('from'));
        const to = objectTypeOf(c.req.param('to'));
        const { fromId, toId } = c.req.param();
        if (!store.get(from, fromId)) throw store.notFoundError(from, fromId);
        if (!store.get(to, toId)) throw store.notFoundError(to, toId);
        associateRecords(state(), deps.associationLimit, from, fromId, to, toId);
        const result = { from: { id: fromId }, to: { id: toId }, associationSpec: specOf(from, to) };
        return batchResponse(c, now(), [result]);
      })
  );
}
