import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

describe('HubSpot portal: associations, lists and pages', () => {
  let portal: ServedPortal;
  afterEach(() => portal?.close());
  const put = (path: string) => portal.api(path, { method: 'PUT' });

  async function companyWithContact(associationLimit?: number) {
    portal = await servePortal({ seed: false, associationLimit });
    const { control } = portal.sandbox;
    const company = control.createRecord('companies', { name: 'Assoc Inc' });
    const contact = control.createRecord('contacts', { firstname: 'Ada', lastname: 'Lovelace' });
    return { company, contact };
  }

  it('creates the default association both ways and reads it with its HubSpot type id', async () => {
    const { company, contact } = await companyWithContact();
    const res = await put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/${company}`);
    expect(res.status).toBe(200);
    const forward = await (
      await portal.api(`/crm/v4/objects/contacts/${contact}/associations/companies`)
    ).json();
    expect(forward.results).toEqual([
      {
        toObjectId: Number(company),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }],
      },
    ]);
    const back = await (
      await portal.api(`/crm/v4/objects/companies/${company}/associations/contacts`)
    ).json();
    expect(back.results[0]).toMatchObject({
      toObjectId: Number(contact),
      associationTypes: [{ typeId: 280 }],
    });
  });

  it('batch-reads associations and leaves out records that have none', async () => {
    const { company, contact } = await companyWithContact();
    await put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/${company}`);
    const lonely = portal.sandbox.control.createRecord('contacts', { lastname: 'Alone' });
    const res = await portal.api('/crm/v4/associations/contacts/companies/batch/read', {
      body: { inputs: [{ id: contact }, { id: lonely }] },
    });
    const body = await res.json();
    expect(body.results).toEqual([
      { from: { id: contact }, to: [expect.objectContaining({ toObjectId: Number(company) })] },
    ]);
  });

  it('refuses an association past the per-record limit with TOO_MANY_ASSOCIATIONS', async () => {
    const { company, contact } = await companyWithContact(1);
    const second = portal.sandbox.control.createRecord('companies', { name: 'Second' });
    await put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/${company}`);
    const res = await put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/${second}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].code).toBe('TOO_MANY_ASSOCIATIONS');
    expect(body.message).toContain(`contacts ${contact} already has 1 companies associations`);
  });

  it('answers 404 when associating a record that does not exist', async () => {
    const { contact } = await companyWithContact();
    const res = await put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/999`);
    expect(res.status).toBe(404);
  });

  it('creates a static list, adds members once, reports missing ids and reads its size', async () => {
    const { contact } = await companyWithContact();
    const created = await (
      await portal.api('/crm/v3/lists', {
        body: { name: 'Errors', objectTypeId: '0-1', processingType: 'MANUAL' },
      })
    ).json();
    const listId = created.list.listId;
    const add = (ids: string[]) =>
      portal.api(`/crm/v3/lists/${listId}/memberships/add`, { method: 'PUT', body: ids });
    expect(await (await add([contact, '424242'])).json()).toEqual({
      recordsIdsAdded: [contact],
      recordIdsMissing: ['424242'],
      recordIdsRemoved: [],
    });
    expect((await (await add([contact])).json()).recordsIdsAdded).toEqual([]);
    const list = await (await portal.api(`/crm/v3/lists/${listId}`)).json();
    expect(list.list).toMatchObject({
      name: 'Errors',
      size: 1,
      processingType: 'MANUAL',
      objectTypeId: '0-1',
    });
    const members = await (await portal.api(`/crm/v3/lists/${listId}/memberships`)).json();
    expect(members.results.map((m: { recordId: string }) => m.recordId)).toEqual([contact]);
  });

  it('refuses a DYNAMIC list without filters, and a processing type it does not serve', async () => {
    portal = await servePortal({ seed: false });
    const res = await portal.api('/crm/v3/lists', {
      body: { name: 'Dyn', objectTypeId: '0-1', processingType: 'DYNAMIC' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('A DYNAMIC list needs a filterBranch');
    const snapshot = await portal.api('/crm/v3/lists', {
      body: { name: 'Snap', objectTypeId: '0-1', processingType: 'SNAPSHOT' },
    });
    expect((await snapshot.json()).message).toContain('options: MANUAL (static), DYNAMIC (filters)');
  });

  it('shows a record page with its properties and links to associated records', async () => {
    const { company, contact } = await companyWithContact();
    await put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/${company}`);
    const res = await fetch(`${portal.baseUrl}/contacts/4815162/record/0-1/${contact}`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<h1 data-object-type="0-1">Ada Lovelace</h1>');
    expect(page).toContain(`href="/sandbox/hubspot/contacts/4815162/record/0-2/${company}">Assoc Inc</a>`);
  });

  it('escapes property values on record pages', async () => {
    portal = await servePortal({ seed: false });
    const id = portal.sandbox.control.createRecord('companies', { name: '<script>alert(1)</script>' });
    const page = await (await fetch(`${portal.baseUrl}/contacts/4815162/record/0-2/${id}`)).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });

  it('answers a page for a missing record or another portal with 404', async () => {
    portal = await servePortal({ seed: false });
    expect((await fetch(`${portal.baseUrl}/contacts/4815162/record/0-3/1`)).status).toBe(404);
    expect((await fetch(`${portal.baseUrl}/contacts/999/record/0-3/1`)).status).toBe(404);
  });
});
