import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

describe('HubSpot portal: merges and deletes as HubSpot answers them', () => {
  let portal: ServedPortal;
  afterEach(() => portal?.close());

  const create = async (type: string, properties: Record<string, string>) =>
    (await (await portal.api(`/crm/v3/objects/${type}`, { body: { properties } })).json()).id as string;
  const read = (path: string) =>
    portal.api(path).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('a contact merge makes a new record from both (primary wins), archives both, and old ids read as the new one', async () => {
    portal = await servePortal({ seed: false });
    const primary = await create('contacts', {
      email: 'ada@merge.example',
      firstname: 'Ada',
      jobtitle: 'CTO',
    });
    const other = await create('contacts', {
      email: 'ada.l@merge.example',
      firstname: 'A.',
      phone: '+1 555',
    });
    const res = await portal.api('/crm/v3/objects/contacts/merge', {
      body: { primaryObjectId: primary, objectIdToMerge: other },
    });
    expect(res.status).toBe(200);
    const merged = await res.json();
    expect(merged.id).not.toBe(primary);
    expect(merged.id).not.toBe(other);

    const survivor = await read(
      `/crm/v3/objects/contacts/${merged.id}?properties=email,firstname,phone,jobtitle,hs_merged_object_ids`,
    );
    expect(survivor.body.properties).toMatchObject({
      email: 'ada@merge.example',
      firstname: 'Ada',
      phone: '+1 555',
      jobtitle: 'CTO',
      hs_merged_object_ids: `${primary};${other}`,
    });
    // Old ids still answer: with the merged record and its new id.
    expect((await read(`/crm/v3/objects/contacts/${other}`)).body.id).toBe(merged.id);
    const batch = await portal.api('/crm/v3/objects/contacts/batch/read', {
      body: { inputs: [{ id: primary }], properties: ['email'] },
    });
    expect((await batch.json()).results[0].id).toBe(merged.id);
    // archived=true reads the originals, archived.
    const archived = await read(`/crm/v3/objects/contacts/${primary}?archived=true`);
    expect(archived.body).toMatchObject({ id: primary, archived: true });
    expect(archived.body.archivedAt).toMatch(/^\d{4}-/);
    const listed = await read('/crm/v3/objects/contacts?archived=true');
    expect(listed.body.results.map((r: { id: string }) => r.id)).toEqual([primary, other]);
    // The primary's email now belongs to the merged record.
    const taken = await portal.api('/crm/v3/objects/contacts', {
      body: { properties: { email: 'ada@merge.example' } },
    });
    expect(taken.status).toBe(409);
  });

  it('refuses a merge of a record with itself or with one that does not exist', async () => {
    portal = await servePortal({ seed: false });
    const a = await create('companies', { name: 'Solo' });
    const self = await portal.api('/crm/v3/objects/companies/merge', {
      body: { primaryObjectId: a, objectIdToMerge: a },
    });
    expect(self.status).toBe(400);
    expect((await self.json()).message).toContain('with itself');
    const missing = await portal.api('/crm/v3/objects/companies/merge', {
      body: { primaryObjectId: a, objectIdToMerge: '999' },
    });
    expect(missing.status).toBe(404);
    expect((await missing.json()).category).toBe('OBJECT_NOT_FOUND');
  });

  it('DELETE archives: a plain read is 404, an archived read and the connector find it', async () => {
    portal = await servePortal({ seed: false });
    const id = await create('contacts', { email: 'gone@merge.example' });
    expect((await portal.api(`/crm/v3/objects/contacts/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await read(`/crm/v3/objects/contacts/${id}`)).status).toBe(404);
    expect((await read(`/crm/v3/objects/contacts/${id}?archived=true`)).body.archived).toBe(true);
    const archived = await portal.connector().archivedIds('contacts');
    expect(archived.map((a) => a.id)).toEqual([id]);
  });
});
