import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);

describe('HubSpot portal: objects', () => {
  let portal: ServedPortal;
  let clock = T0;
  afterEach(() => portal?.close());
  const fresh = async () => {
    clock = T0;
    portal = await servePortal({ seed: false, now: () => clock });
  };
  const create = async (properties: Record<string, unknown>, type = 'contacts') =>
    portal.api(`/crm/v3/objects/${type}`, { body: { properties } });

  it('sets hs_object_id, createdate and lastmodifieddate from the portal clock on create', async () => {
    await fresh();
    const res = await create({ email: 'new@objects.example' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.properties).toMatchObject({
      hs_object_id: body.id,
      createdate: '2026-03-01T09:00:00.000Z',
      lastmodifieddate: '2026-03-01T09:00:00.000Z',
    });
    expect(body.createdAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('bumps lastmodifieddate and hs_lastmodifieddate on update and keeps createdate', async () => {
    await fresh();
    const { id } = await (await create({ name: 'Acme' }, 'companies')).json();
    clock += 60_000;
    await portal.api(`/crm/v3/objects/companies/${id}`, {
      method: 'PATCH',
      body: { properties: { city: 'Oslo' } },
    });
    const got = await (await portal.api(`/crm/v3/objects/companies/${id}?properties=city,createdate`)).json();
    expect(got.properties).toMatchObject({
      city: 'Oslo',
      createdate: '2026-03-01T09:00:00.000Z',
      hs_lastmodifieddate: '2026-03-01T09:01:00.000Z',
    });
    expect(got.updatedAt).toBe('2026-03-01T09:01:00.000Z');
  });

  it.each([
    [{ favourite_colour: 'blue' }, 'PROPERTY_DOESNT_EXIST', 'favourite_colour'],
    [{ leadsource: 'Radio' }, 'INVALID_OPTION', 'leadsource'],
    [{ email: 'no-at-sign' }, 'INVALID_EMAIL', 'email'],
    [{ hs_object_id: '5' }, 'READ_ONLY_VALUE', 'hs_object_id'],
    [{ salary: 'lots' }, 'INVALID_INTEGER', 'salary'],
  ])('rejects %o with a 400 VALIDATION_ERROR carrying %s', async (properties, code, name) => {
    await fresh();
    const res = await create(properties);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors).toEqual([expect.objectContaining({ code, context: { propertyName: [name] } })]);
    expect(body.message).toContain('Property values were not valid');
  });

  it('answers 409 CONFLICT with the existing id when an email is already used, ignoring case', async () => {
    await fresh();
    const { id } = await (await create({ email: 'dup@objects.example' })).json();
    const res = await create({ email: 'DUP@objects.example' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      category: 'CONFLICT',
      message: `Contact already exists. Existing ID: ${id}`,
    });
  });

  it('rejects a batch of more than 100 inputs with a 400 naming the limit', async () => {
    await fresh();
    const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { lastname: `B${i}` } }));
    const res = await portal.api('/crm/v3/objects/contacts/batch/create', { body: { inputs } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('the limit is 100');
  });

  it('writes nothing of a batch create when one input is invalid', async () => {
    await fresh();
    const inputs = [{ properties: { lastname: 'Fine' } }, { properties: { leadsource: 'Radio' } }];
    const res = await portal.api('/crm/v3/objects/contacts/batch/create', { body: { inputs } });
    expect(res.status).toBe(400);
    expect(portal.sandbox.control.stats().requests).toBe(1);
    const list = await (await portal.api('/crm/v3/objects/contacts')).json();
    expect(list.results).toEqual([]);
  });

  it('answers a batch read with missing ids as 207 with OBJECT_NOT_FOUND listing them', async () => {
    await fresh();
    const { id } = await (await create({ lastname: 'Here' })).json();
    const res = await portal.api('/crm/v3/objects/contacts/batch/read', {
      body: { inputs: [{ id }, { id: '404404' }], properties: ['lastname'] },
    });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.results.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['404404'] } });
  });

  it('upserts on a unique property: new on the first call, the same record on the second', async () => {
    await fresh();
    const input = { id: '001000000000001', idProperty: 'salesforce_id', properties: { name: 'Upserted' } };
    const first = await (
      await portal.api('/crm/v3/objects/companies/batch/upsert', { body: { inputs: [input] } })
    ).json();
    const second = await (
      await portal.api('/crm/v3/objects/companies/batch/upsert', { body: { inputs: [input] } })
    ).json();
    expect(first.results[0].new).toBe(true);
    expect(second.results[0]).toMatchObject({ new: false, id: first.results[0].id });
  });

  it('refuses an upsert on a property that does not hold unique values', async () => {
    await fresh();
    const input = { id: 'x', idProperty: 'city', properties: { name: 'No' } };
    const res = await portal.api('/crm/v3/objects/companies/batch/upsert', { body: { inputs: [input] } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('is not a unique-value property');
  });

  it('archives a record so that it is no longer found', async () => {
    await fresh();
    const { id } = await (await create({ dealname: 'Bye', amount: 5 }, 'deals')).json();
    expect((await portal.api(`/crm/v3/objects/deals/${id}`, { method: 'DELETE' })).status).toBe(204);
    const res = await portal.api(`/crm/v3/objects/deals/${id}`);
    expect(res.status).toBe(404);
    expect((await res.json()).category).toBe('OBJECT_NOT_FOUND');
  });

  it('archives a batch of records in one call', async () => {
    await fresh();
    const a = (await (await create({ lastname: 'A' })).json()).id;
    const b = (await (await create({ lastname: 'B' })).json()).id;
    const res = await portal.api('/crm/v3/objects/contacts/batch/archive', {
      body: { inputs: [{ id: a }, { id: b }] },
    });
    expect(res.status).toBe(204);
    const read = await portal.api('/crm/v3/objects/contacts/batch/read', {
      body: { inputs: [{ id: a }, { id: b }] },
    });
    expect((await read.json()).results).toEqual([]);
  });

  it('reads a record by object type id as well as by name', async () => {
    await fresh();
    const { id } = await (await create({ name: 'By type id' }, 'companies')).json();
    const got = await (await portal.api(`/crm/v3/objects/0-2/${id}?properties=name`)).json();
    expect(got.properties.name).toBe('By type id');
  });

  it('answers an unknown object type with a 400 listing the served types', async () => {
    await fresh();
    const res = await portal.api('/crm/v3/objects/tickets');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('contacts (0-1), companies (0-2) and deals (0-3)');
  });

  it('pages a plain object list by id with `after`', async () => {
    await fresh();
    for (let i = 0; i < 3; i++) await create({ lastname: `P${i}` });
    const first = await (await portal.api('/crm/v3/objects/contacts?limit=2&properties=lastname')).json();
    expect(first.results.map((r: { properties: { lastname: string } }) => r.properties.lastname)).toEqual([
      'P0',
      'P1',
    ]);
    const rest = await (
      await portal.api(
        `/crm/v3/objects/contacts?limit=2&after=${first.paging.next.after}&properties=lastname`,
      )
    ).json();
    expect(rest.results.map((r: { properties: { lastname: string } }) => r.properties.lastname)).toEqual([
      'P2',
    ]);
    expect(rest.paging).toBeUndefined();
  });
});
