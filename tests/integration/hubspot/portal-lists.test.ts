import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

describe('HubSpot portal: Lists v3 over HTTP', () => {
  let portal: ServedPortal;
  afterEach(() => portal?.close());

  const contact = async (email: string, extra: Record<string, string> = {}) =>
    (
      await (
        await portal.api('/crm/v3/objects/contacts', { body: { properties: { email, ...extra } } })
      ).json()
    ).id as string;
  const createList = async (body: Record<string, unknown>) =>
    (await (await portal.api('/crm/v3/lists', { body: { objectTypeId: '0-1', ...body } })).json()).list;

  it('pages memberships in record-id order with after, and removes members of a static list', async () => {
    portal = await servePortal({ seed: false });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await contact(`m${i}@example.org`));
    const list = await createList({ name: 'Paged', processingType: 'MANUAL' });
    await portal.api(`/crm/v3/lists/${list.listId}/memberships/add`, {
      method: 'PUT',
      body: [...ids].reverse(),
    });
    const first = await (await portal.api(`/crm/v3/lists/${list.listId}/memberships?limit=2`)).json();
    expect(first.results.map((r: { recordId: string }) => r.recordId)).toEqual(ids.slice(0, 2));
    expect(first.total).toBe(5);
    const second = await (
      await portal.api(`/crm/v3/lists/${list.listId}/memberships?limit=2&after=${first.paging.next.after}`)
    ).json();
    expect(second.results.map((r: { recordId: string }) => r.recordId)).toEqual(ids.slice(2, 4));
    const removed = await (
      await portal.api(`/crm/v3/lists/${list.listId}/memberships/remove`, {
        method: 'PUT',
        body: [ids[0], '999999'],
      })
    ).json();
    expect(removed).toEqual({
      recordsIdsAdded: [],
      recordIdsRemoved: [ids[0]],
      recordIdsMissing: ['999999'],
    });
    const tooMany = await portal.api(`/crm/v3/lists/${list.listId}/memberships?limit=251`);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).message).toContain('from 1 to 250');
  });

  it('keeps a DYNAMIC list to the records its filters match, and refuses adding to it by hand', async () => {
    portal = await servePortal({ seed: false });
    const partner = await contact('p@example.org', { lifecyclestage: 'customer' });
    await contact('q@example.org', { lifecyclestage: 'lead' });
    const list = await createList({
      name: 'Customers',
      processingType: 'DYNAMIC',
      filterBranch: {
        filterBranchType: 'OR',
        filterBranches: [
          {
            filterBranchType: 'AND',
            filters: [
              {
                filterType: 'PROPERTY',
                property: 'lifecyclestage',
                operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: ['customer'] },
              },
            ],
          },
        ],
      },
    });
    expect(list).toMatchObject({ processingType: 'DYNAMIC', size: 1 });
    expect(list.filterBranch.filterBranches[0].filters[0].operation.includeObjectsWithNoValueSet).toBe(false);
    const later = await contact('r@example.org', { lifecyclestage: 'customer' });
    const members = await (await portal.api(`/crm/v3/lists/${list.listId}/memberships`)).json();
    expect(members.results.map((r: { recordId: string }) => r.recordId)).toEqual([partner, later]);
    const add = await portal.api(`/crm/v3/lists/${list.listId}/memberships/add`, {
      method: 'PUT',
      body: [partner],
    });
    expect(add.status).toBe(400);
    expect((await add.json()).message).toContain('is a DYNAMIC list');
    const unserved = await portal.api('/crm/v3/lists', {
      body: {
        name: 'By deal',
        objectTypeId: '0-1',
        processingType: 'DYNAMIC',
        filterBranch: {
          filterBranchType: 'OR',
          filterBranches: [{ filterBranchType: 'AND', filters: [{ filterType: 'ASSOCIATION' }] }],
        },
      },
    });
    expect(unserved.status).toBe(400);
    expect((await unserved.json()).message).toContain('filterType "ASSOCIATION" is not served');
  });

  it('finds lists by search (size and last join in additionalProperties) and by name, 404 for unknown ones', async () => {
    portal = await servePortal({ seed: false });
    const id = await contact('s@example.org');
    const list = await createList({ name: 'Sync these', processingType: 'MANUAL' });
    await createList({ name: 'Other', processingType: 'MANUAL' });
    await portal.api(`/crm/v3/lists/${list.listId}/memberships/add`, { method: 'PUT', body: [id] });
    const found = await (await portal.api('/crm/v3/lists/search', { body: { query: 'sync' } })).json();
    expect(found).toMatchObject({ total: 1, hasMore: false, offset: 1 });
    expect(found.lists[0]).toMatchObject({ listId: list.listId, name: 'Sync these' });
    expect(found.lists[0].additionalProperties.hs_list_size).toBe('1');
    expect(found.lists[0].additionalProperties.hs_last_record_added_at).toMatch(/^\d+$/);
    const byName = await portal.api('/crm/v3/lists/object-type-id/0-1/name/sync%20these');
    expect((await byName.json()).list.listId).toBe(list.listId);
    const missing = await portal.api('/crm/v3/lists/4242');
    expect(missing.status).toBe(404);
    expect((await missing.json()).category).toBe('OBJECT_NOT_FOUND');
  });

  it('answers the official client: lists searched, one by id, every member read 250 a call, each call counted', async () => {
    portal = await servePortal({ seed: false });
    const list = await createList({ name: 'Big', processingType: 'MANUAL' });
    const ids: string[] = [];
    const batch = Array.from({ length: 100 }, (_, i) => ({ properties: { email: `b${i}@example.org` } }));
    for (let n = 0; n < 3; n++) {
      const created = await (
        await portal.api('/crm/v3/objects/contacts/batch/create', {
          body: { inputs: batch.map((b) => ({ properties: { email: `${n}${b.properties.email}` } })) },
        })
      ).json();
      ids.push(...created.results.map((r: { id: string }) => r.id));
    }
    await portal.api(`/crm/v3/lists/${list.listId}/memberships/add`, { method: 'PUT', body: ids });
    const crm = portal.connector();
    const before = portal.sandbox.stats().requests;
    const read = await crm.listMemberIds(list.listId);
    expect(read).toHaveLength(300);
    expect(new Set(read)).toEqual(new Set(ids));
    expect(portal.sandbox.stats().requests - before).toBe(2);
    const one = await crm.list(list.listId);
    expect(one).toMatchObject({ id: list.listId, name: 'Big', objectType: 'contacts', size: 300 });
    expect(await crm.list('777')).toBeNull();
    expect((await crm.searchLists()).map((l) => l.name)).toEqual(['Big']);
    // A join changes the version the sync caches members by; a read alone does not.
    const again = await crm.list(list.listId);
    expect(again?.version).toBe(one?.version);
    await portal.api(`/crm/v3/lists/${list.listId}/memberships/remove`, { method: 'PUT', body: [ids[0]] });
    expect((await crm.list(list.listId))?.version).not.toBe(one?.version);
  });
});
