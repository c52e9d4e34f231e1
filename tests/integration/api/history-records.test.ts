import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import type { RecordLookupAnswer } from '../../../shared/api/control';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('the records a history line names by id, in GET /records/lookup', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it('come with the name the sync knows them by and their page, for new and older lines alike', async () => {
    const contact = testDatabase(h.store)
      .prepare(
        `SELECT crm_id, sf_id, name FROM links WHERE crm_type = 'contacts' AND sf_object = 'Contact' AND sf_id IS NOT NULL AND name IS NOT NULL LIMIT 1`,
      )
      .get() as { crm_id: string; sf_id: string; name: string };
    const company = testDatabase(h.store)
      .prepare(`SELECT crm_id, name FROM links WHERE crm_type = 'companies' AND name IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string; name: string };
    const t = Date.now();
    // As the Salesforce merge writes it today, and as an older association line wrote a company.
    await h.store.addHistory(
      'contacts',
      contact.crm_id,
      t,
      'merged',
      `merged in Salesforce into Contact ${contact.sf_id}: the sync follows the surviving record`,
    );
    await h.store.addHistory(
      'contacts',
      contact.crm_id,
      t + 1,
      'crm-associate',
      `associated in the CRM with companies ${company.crm_id}`,
    );

    const answer = (await (
      await h.get(`/records/lookup?system=hubspot&objectType=contacts&id=${contact.crm_id}`)
    ).json()) as RecordLookupAnswer;
    const merged = answer.history.find((e) => e.action === 'merged');
    expect(merged?.records).toEqual([
      {
        system: 'salesforce',
        id: contact.sf_id,
        name: contact.name,
        url: expect.stringContaining(`/lightning/r/Contact/${contact.sf_id}/view`),
      },
    ]);
    const associated = answer.history.find((e) => e.action === 'crm-associate' && e.at === t + 1);
    expect(associated?.records).toEqual([
      {
        system: 'hubspot',
        id: company.crm_id,
        name: company.name,
        url: expect.stringContaining(`/record/0-2/${company.crm_id}`),
      },
    ]);
    // A line that names no record by id has none.
    const plain = answer.history.filter((e) => !/\d{3,}/.test(e.outcome));
    expect(plain.length).toBeGreaterThan(0);
    for (const e of plain) expect(e.records, e.outcome).toBeUndefined();
  });
});
