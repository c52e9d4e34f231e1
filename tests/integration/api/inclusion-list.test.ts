import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('PUT/GET /settings/inclusion-list', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it("offers the portal's contact lists with their sizes, every contact syncing at first", async () => {
    const answer = await (await h.get('/settings/inclusion-list')).json();
    expect(answer.selected).toBeNull();
    expect(answer.message).toBe('Every HubSpot contact syncs to Salesforce.');
    expect(answer.lists).toContainEqual({
      id: expect.any(String),
      name: 'Sync to Salesforce',
      size: 150,
      processingType: 'MANUAL',
    });
  });

  it('chooses a list, says how many contacts it holds, and goes back to all contacts', async () => {
    const { lists } = await (await h.get('/settings/inclusion-list')).json();
    const demo = lists.find((l: { name: string }) => l.name === 'Sync to Salesforce');
    const put = await h.send('PUT', '/settings/inclusion-list', { listId: demo.id });
    expect(put.status).toBe(200);
    const answer = await put.json();
    expect(answer.selected).toMatchObject({ id: demo.id, name: 'Sync to Salesforce', size: 150 });
    expect(answer.message).toBe(
      'Only the 150 contacts in the HubSpot list "Sync to Salesforce" sync to Salesforce. Contacts that leave it stop syncing; nothing is deleted in Salesforce.',
    );
    expect((await h.store.recordRules()).inclusionListId).toBe(demo.id);
    const none = await (await h.send('PUT', '/settings/inclusion-list', { listId: null })).json();
    expect(none.selected).toBeNull();
    expect((await h.store.recordRules()).inclusionListId).toBeNull();
  });

  it('refuses a list the portal does not have, naming the lists it does', async () => {
    const res = await h.send('PUT', '/settings/inclusion-list', { listId: '4242' });
    expect(res.status).toBe(400);
    const { message } = (await res.json()).error;
    expect(message).toContain('"listId" 4242 is not a list in this HubSpot portal; choose one of:');
    expect(message).toContain('(Sync to Salesforce)');
    expect((await h.store.recordRules()).inclusionListId).toBeNull();
  });

  it('refuses a list of companies and an id that is not a number, saving nothing', async () => {
    const created = await fetch(`${h.running.proxy.url}/sandbox/hubspot/crm/v3/lists`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.running.sandboxes.hubspot.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Companies', objectTypeId: '0-2', processingType: 'MANUAL' }),
    }).then((r) => r.json());
    const companies = await h.send('PUT', '/settings/inclusion-list', { listId: created.list.listId });
    expect(companies.status).toBe(400);
    expect((await companies.json()).error.message).toContain('holds companies, not contacts');
    const word = await h.send('PUT', '/settings/inclusion-list', { listId: 'newsletter' });
    expect(word.status).toBe(400);
    expect((await word.json()).error.message).toContain('a HubSpot list id is a number');
    expect((await h.store.recordRules()).inclusionListId).toBeNull();
  });
});
