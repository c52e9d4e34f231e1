import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

describe('HubSpot connector: batches', () => {
  let portal: ServedPortal;
  afterEach(() => portal?.close());

  const contacts = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({
      properties: { email: `${tag}${i}@batch.example`, lastname: `L${i}` },
    }));

  it('creates 250 records in three requests of at most 100, one result per input in order', async () => {
    portal = await servePortal({ seed: false });
    const before = portal.sandbox.stats().requests;
    const results = await portal.connector().batchUpsert('contacts', contacts(250, 'c'));
    expect(portal.sandbox.stats().requests - before).toBe(3);
    expect(results.every((r) => r.ok && r.created)).toBe(true);
    const read = await portal.connector().batchRead(
      'contacts',
      results.map((r) => (r.ok ? r.id : '')),
      ['email'],
    );
    expect(read.map((r) => r.properties.email)).toEqual(contacts(250, 'c').map((c) => c.properties.email));
  });

  it('reads 230 ids in three requests and leaves out ids that do not exist', async () => {
    portal = await servePortal({ seed: false });
    const created = await portal.connector().batchUpsert('contacts', contacts(228, 'r'));
    const ids = [...created.map((r) => (r.ok ? r.id : '')), '1', '2'];
    const before = portal.sandbox.stats().requests;
    const read = await portal.connector().batchRead('contacts', ids, ['lastname']);
    expect(portal.sandbox.stats().requests - before).toBe(3);
    expect(read).toHaveLength(228);
  });

  it('upserts on salesforce_id: the first write creates, the second updates the same record', async () => {
    portal = await servePortal({ seed: false });
    const crm = portal.connector();
    const input = {
      idProperty: 'salesforce_id',
      idValue: '0035g00000AbCdEAAV',
      properties: { lastname: 'First' },
    };
    const [first] = await crm.batchUpsert('contacts', [input]);
    const [second] = await crm.batchUpsert('contacts', [{ ...input, properties: { lastname: 'Second' } }]);
    expect(first).toMatchObject({ ok: true, created: true });
    expect(second).toEqual({ ok: true, created: false, id: first.ok ? first.id : '' });
    const [record] = await crm.batchRead(
      'contacts',
      [second.ok ? second.id : ''],
      ['lastname', 'salesforce_id'],
    );
    expect(record.properties).toMatchObject({ lastname: 'Second', salesforce_id: '0035g00000AbCdEAAV' });
  });

  it('isolates the inputs HubSpot rejects and writes every other input of the batch', async () => {
    portal = await servePortal({ seed: false });
    const inputs = contacts(100, 'v');
    inputs[37].properties = {
      ...inputs[37].properties,
      leadsource: 'Radio',
    } as (typeof inputs)[0]['properties'];
    inputs[80].properties = { ...inputs[80].properties, email: 'not-an-email' };
    const results = await portal.connector().batchUpsert('contacts', inputs);
    expect(results[37]).toMatchObject({ ok: false, code: 'INVALID_OPTION', property: 'leadsource' });
    expect(results[80]).toMatchObject({ ok: false, code: 'INVALID_EMAIL', property: 'email' });
    expect(results.filter((r) => r.ok)).toHaveLength(98);
    expect(portal.sandbox.control.stats().requests).toBeLessThan(30);
  });

  it('reports an email already used by another contact as a DUPLICATE_VALUE result', async () => {
    portal = await servePortal({ seed: false });
    const existing = portal.sandbox.control.createRecord('contacts', { email: 'taken@batch.example' });
    const [result] = await portal
      .connector()
      .batchUpsert('contacts', [{ properties: { email: 'Taken@batch.example' } }]);
    expect(result).toEqual({
      ok: false,
      code: 'DUPLICATE_VALUE',
      message: `Contact already exists. Existing ID: ${existing}`,
      property: 'email',
    });
  });

  it('reports an update of a deleted record as OBJECT_NOT_FOUND and applies the others', async () => {
    portal = await servePortal({ seed: false });
    const id = portal.sandbox.control.createRecord('contacts', { lastname: 'Kept' });
    const results = await portal.connector().batchUpsert('contacts', [
      { id: '999999', properties: { lastname: 'Gone' } },
      { id, properties: { lastname: 'Updated' } },
    ]);
    expect(results[0]).toMatchObject({ ok: false, code: 'OBJECT_NOT_FOUND' });
    expect(results[1]).toEqual({ ok: true, id, created: false });
  });

  it('reads contact→company associations of 150 contacts in two requests', async () => {
    portal = await servePortal({ seed: false });
    const { control } = portal.sandbox;
    const company = control.createRecord('companies', { name: 'Assoc Co' });
    const ids = Array.from({ length: 150 }, (_, i) =>
      control.createRecord(
        'contacts',
        { lastname: `A${i}` },
        i % 2 ? [{ objectType: 'companies', id: company }] : [],
      ),
    );
    const before = portal.sandbox.stats().requests;
    const links = await portal.connector().associations('contacts', ids, 'companies');
    expect(portal.sandbox.stats().requests - before).toBe(2);
    expect(links).toHaveLength(75);
    expect(links[0]).toEqual({ fromId: ids[1], toObjectType: 'companies', toId: company });
  });

  it('creates a static list whose page in the portal links to each member', async () => {
    portal = await servePortal();
    const crm = portal.connector();
    const { records } = await crm.changedSince('contacts', null, ['email'], 3);
    const list = await crm.createList(
      'Picklist errors',
      'contacts',
      records.map((r) => r.id),
    );
    expect(list.url).toBe(`${portal.baseUrl}/contacts/4815162/objectLists/${list.id}`);
    const page = await (await fetch(list.url)).text();
    for (const r of records) expect(page).toContain(`/contacts/4815162/record/0-1/${r.id}`);
  });

  it('builds record URLs at the app path shape for each object type', async () => {
    portal = await servePortal({ seed: false });
    const crm = portal.connector();
    await crm.account();
    expect(crm.recordUrl('contacts', '5')).toBe(`${portal.baseUrl}/contacts/4815162/record/0-1/5`);
    expect(crm.recordUrl('companies', '6')).toBe(`${portal.baseUrl}/contacts/4815162/record/0-2/6`);
    expect(crm.recordUrl('deals', '7')).toBe(`${portal.baseUrl}/contacts/4815162/record/0-3/7`);
  });

  it('reads property definitions with type, fieldType and enumeration options', async () => {
    portal = await servePortal({ seed: false });
    const props = await portal.connector().properties('contacts');
    const leadsource = props.find((p) => p.name === 'leadsource');
    expect(leadsource).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(leadsource?.options?.map((o) => o.value)).toContain('Podcast');
    expect(props.find((p) => p.name === 'email')?.hasUniqueValue).toBe(true);
    expect(props.find((p) => p.name === 'hs_object_id')?.modificationMetadata?.readOnlyValue).toBe(true);
  });
});
