import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('record rules: where new contacts go and whether deletes travel', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it('starts with Contacts and deletes kept on the other side, and saves a change', async () => {
    expect(await (await h.get('/settings/records')).json()).toEqual({
      contactsCreateAs: 'Contact',
      deleteInSalesforce: false,
      deleteInCrm: false,
      inclusionListId: null,
    });
    const put = await h.send('PUT', '/settings/records', { contactsCreateAs: 'Lead', deleteInCrm: true });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      contactsCreateAs: 'Lead',
      deleteInSalesforce: false,
      deleteInCrm: true,
      inclusionListId: null,
    });
    expect((await h.store.recordRules()).contactsCreateAs).toBe('Lead');
  });

  it('refuses a value it does not know, naming the field and the options', async () => {
    const res = await h.send('PUT', '/settings/records', { contactsCreateAs: 'Account' });
    expect(res.status).toBe(400);
    const message = (await res.json()).error.message as string;
    expect(message).toContain('contactsCreateAs');
    expect(message).toMatch(/Lead/);
  });
});
