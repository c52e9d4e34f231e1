/** @module Lists v3: create a static (MANUAL) list, add members, read it and its memberships. */
import { Hono } from 'hono';
import { z } from 'zod';
import { badRequest, PortalError } from './portal-error';
import { objectTypeOf, readBody } from './portal-io';
import type { PortalDeps, StoredList } from './portal-store';

const createSchema = z.object({
  name: z.string().min(1),
  objectTypeId: z.string().min(1),
  processingType: z.string().min(1),
});

export function createListsRoutes(deps: PortalDeps) {
  const { store, state, now } = deps;
  const publicList = (list: StoredList) => ({
    listId: list.listId,
    name: list.name,
    objectTypeId: list.objectTypeId,
    processingType: 'MANUAL',
    processingStatus: 'COMPLETE',
    listVersion: 1,
    size: list.members.length,
    createdAt: new Date(list.createdAt).toISOString(),
    updatedAt: new Date(list.updatedAt).toISOString(),
  });
  const find = (listId: string) => {
    const list = state().lists[listId];
    if (!list) throw new PortalError(404, 'OBJECT_NOT_FOUND', `List ${listId} does not exist`);
    return list;
  };

  return new Hono()
    .post('/', async (c) => {
      const body = await readBody(c, createSchema);
      objectTypeOf(body.objectTypeId);
      if (body.processingType !== 'MANUAL') {
        throw badRequest(
          `processingType "${body.processingType}" is not served here; create a MANUAL (static) list`,
        );
      }
      if (Object.values(state().lists).some((l) => l.name.toLowerCase() === body.name.toLowerCase())) {
        throw badRequest(
          `A list named "${body.name}" already exists; choose another name`,
          'LIST_NAME_ALREADY_EXISTS',
        );
      }
      const at = now();
      const listId = String(state().nextListId++);
      const list = {
        listId,
        name: body.name,
        objectTypeId: body.objectTypeId,
        createdAt: at,
        updatedAt: at,
        members: [],
      };
      state().lists[listId] = list;
      return c.json({ list: publicList(list) });
    })
    .get('/:listId', (c) => c.json({ list: publicList(find(c.req.param('listId'))) }))
    .get('/:listId/memberships', (c) => {
      const list = find(c.req.param('listId'));
      const membershipTimestamp = new Date(list.updatedAt).toISOString();
      return c.json({ results: list.members.map((recordId) => ({ recordId, membershipTimestamp })) });
    })
    .put('/:listId/memberships/add', async (c) => {
      const list = find(c.req.param('listId'));
      const ids = await readBody(c, z.array(z.union([z.string(), z.number()]).transform(String)));
      const type = objectTypeOf(list.objectTypeId);
      const added: string[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        if (!store.get(type, id)) missing.push(id);
        else if (!list.members.includes(id)) added.push(id);
      }
      list.members.push(...added);
      list.updatedAt = now();
      // "recordsIdsAdded" (sic) is the field name HubSpot's API returns.
      return c.json({ recordsIdsAdded: added, recordIdsMissing: missing, recordIdsRemoved: [] });
    });
}
