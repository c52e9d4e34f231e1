/**
 * @module Lists v3 (HubSpot's "segments"): create a MANUAL or DYNAMIC list, read it by id or by name,
 * search lists, page through memberships (ordered by record id, `after`), add and remove members of a
 * MANUAL list. Shapes and errors follow HubSpot's Lists API reference.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { checkFilterBranch, filterBranchSchema, publicFilterBranch } from './list-filters';
import { currentMembers, setMembers } from './list-membership';
import { badRequest, PortalError } from './portal-error';
import { objectTypeOf, readBody } from './portal-io';
import type { PortalDeps, StoredList } from './portal-store';

const createSchema = z.object({
  name: z.string().min(1),
  objectTypeId: z.string().min(1),
  processingType: z.string().min(1),
  filterBranch: filterBranchSchema.optional(),
  listFolderId: z.number().optional(),
});
const searchSchema = z.object({
  query: z.string().optional(),
  processingTypes: z.array(z.string()).optional(),
  listIds: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  offset: z.number().int().min(0).default(0),
  count: z.number().int().min(1).max(500).default(20),
  additionalProperties: z.array(z.string()).optional(),
});
const ids = z.array(z.union([z.string(), z.number()]).transform(String));
/** HubSpot's largest memberships page. */
const MEMBERSHIPS_MAX = 250;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function createListsRoutes(deps: PortalDeps) {
  const { store, state, now } = deps;
  const processingType = (list: StoredList) => list.processingType ?? 'MANUAL';
  const publicList = (list: StoredList, withFilters = false) => {
    const size = currentMembers(store, list, now()).length;
    return {
      listId: list.listId,
      name: list.name,
      objectTypeId: list.objectTypeId,
      processingType: processingType(list),
      processingStatus: 'COMPLETE',
      listVersion: list.listVersion ?? 1,
      size,
      createdAt: iso(list.createdAt),
      updatedAt: iso(list.updatedAt),
      filtersUpdatedAt: iso(list.createdAt),
      ...(withFilters && list.filterBranch ? { filterBranch: publicFilterBranch(list.filterBranch) } : {}),
    };
  };
  /** A search result: no size, but HubSpot's list properties (all strings) in additionalProperties. */
  const searchResult = (list: StoredList) => {
    const { size, ...rest } = publicList(list);
    const props: Record<string, string> = { hs_list_size: String(size), hs_list_reference_count: '0' };
    if (list.lastAddedAt !== undefined) props.hs_last_record_added_at = String(list.lastAddedAt);
    if (list.lastRemovedAt !== undefined) props.hs_last_record_removed_at = String(list.lastRemovedAt);
    return { ...rest, additionalProperties: props };
  };
  const find = (listId: string) => {
    const list = state().lists[listId];
    if (!list) throw new PortalError(404, 'OBJECT_NOT_FOUND', `List ${listId} does not exist`);
    return list;
  };
  const manual = (list: StoredList) => {
    if (processingType(list) !== 'MANUAL')
      throw badRequest(
        `List ${list.listId} is a ${processingType(list)} list: its memberships follow its filters and cannot be added or removed by hand; use a MANUAL list`,
        'LIST_MEMBERSHIPS_NOT_EDITABLE',
      );
    return list;
  };
  const changeMembers = (listId: string, body: unknown, add: boolean) => {
    const list = manual(find(listId));
    const type = objectTypeOf(list.objectTypeId);
    const before = new Set(currentMembers(store, list, now()));
    const changed: string[] = [];
    const missing: string[] = [];
    const parsed = ids.safeParse(body);
    if (!parsed.success)
      throw badRequest(
        'Invalid input JSON: the body must be an array of record ids, e.g. ["51001", "51002"]',
      );
    for (const id of parsed.data) {
      if (!store.get(type, id)) missing.push(id);
      else if (add !== before.has(id)) changed.push(id);
    }
    const next = add ? [...before, ...changed] : [...before].filter((id) => !changed.includes(id));
    setMembers(list, next, now());
    if (changed.length) list.updatedAt = now();
    // "recordsIdsAdded" (sic) is the field name HubSpot's API returns.
    return {
      recordsIdsAdded: add ? changed : [],
      recordIdsRemoved: add ? [] : changed,
      recordIdsMissing: missing,
    };
  };

  return new Hono()
    .post('/', async (c) => {
      const body = await readBody(c, createSchema);
      objectTypeOf(body.objectTypeId);
      if (body.processingType !== 'MANUAL' && body.processingType !== 'DYNAMIC') {
        throw badRequest(
          `processingType "${body.processingType}" is not served here; options: MANUAL (static), DYNAMIC (filters)`,
        );
      }
      if (body.processingType === 'DYNAMIC' && !body.filterBranch)
        throw badRequest('A DYNAMIC list needs a filterBranch saying which records belong to it');
      if (body.processingType === 'MANUAL' && body.filterBranch)
        throw badRequest('A MANUAL list takes no filterBranch: add its members with memberships/add');
      if (Object.values(state().lists).some((l) => l.name.toLowerCase() === body.name.toLowerCase())) {
        throw badRequest(
          `A list named "${body.name}" already exists; choose another name`,
          'LIST_NAME_ALREADY_EXISTS',
        );
      }
      const at = now();
      const listId = String(state().nextListId++);
      const list: StoredList = {
        listId,
        name: body.name,
        objectTypeId: body.objectTypeId,
        createdAt: at,
        updatedAt: at,
        members: [],
        processingType: body.processingType,
        listVersion: 1,
        ...(body.filterBranch ? { filterBranch: checkFilterBranch(body.filterBranch) } : {}),
      };
      state().lists[listId] = list;
      return c.json({ list: publicList(list, true) });
    })
    .post('/search', async (c) => {
      const body = await readBody(c, searchSchema);
      const query = body.query?.toLowerCase() ?? '';
      const matching = Object.values(state().lists)
        .filter((l) => !body.listIds || body.listIds.includes(l.listId))
        .filter((l) => !body.processingTypes || body.processingTypes.includes(processingType(l)))
        .filter((l) => l.name.toLowerCase().includes(query))
        .sort((a, b) => Number(a.listId) - Number(b.listId));
      const page = matching.slice(body.offset, body.offset + body.count);
      return c.json({
        lists: page.map(searchResult),
        total: matching.length,
        offset: body.offset + page.length,
        hasMore: body.offset + page.length < matching.length,
      });
    })
    .get('/', (c) => {
      const wanted = (c.req.queries('listIds') ?? []).flatMap((v) => v.split(','));
      const lists = wanted.flatMap((id) => (state().lists[id] ? [state().lists[id]] : []));
      return c.json({ lists: lists.map((l) => publicList(l, c.req.query('includeFilters') === 'true')) });
    })
    .get('/object-type-id/:objectTypeId/name/:listName', (c) => {
      const type = objectTypeOf(c.req.param('objectTypeId'));
      const name = c.req.param('listName').toLowerCase();
      const list = Object.values(state().lists).find(
        (l) => l.name.toLowerCase() === name && objectTypeOf(l.objectTypeId) === type,
      );
      if (!list)
        throw new PortalError(
          404,
          'OBJECT_NOT_FOUND',
          `List with name ${c.req.param('listName')} and object type ${c.req.param('objectTypeId')} does not exist`,
        );
      return c.json({ list: publicList(list, c.req.query('includeFilters') === 'true') });
    })
    .get('/:listId', (c) =>
      c.json({ list: publicList(find(c.req.param('listId')), c.req.query('includeFilters') === 'true') }),
    )
    .get('/:listId/memberships', (c) => {
      const list = find(c.req.param('listId'));
      const limit = Number(c.req.query('limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > MEMBERSHIPS_MAX)
        throw badRequest(
          `limit must be a whole number from 1 to ${MEMBERSHIPS_MAX}, not ${c.req.query('limit')}`,
        );
      const after = c.req.query('after');
      const members = currentMembers(store, list, now());
      const start = after === undefined ? 0 : members.filter((id) => Number(id) <= Number(after)).length;
      const page = members.slice(start, start + limit);
      const more = start + limit < members.length;
      return c.json({
        results: page.map((recordId) => ({
          recordId,
          membershipTimestamp: iso(list.addedAt?.[recordId] ?? list.updatedAt),
        })),
        total: members.length,
        ...(more ? { paging: { next: { after: page[page.length - 1] } } } : {}),
      });
    })
    .put('/:listId/memberships/add', async (c) =>
      c.json(changeMembers(c.req.param('listId'), await c.req.json().catch(() => null), true)),
    )
    .put('/:listId/memberships/remove', async (c) =>
      c.json(changeMembers(c.req.param('listId'), await c.req.json().catch(() => null), false)),
    );
}
