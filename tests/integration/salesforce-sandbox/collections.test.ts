import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type SaveResult = {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
};

describe('sObject Collections through jsforce', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  it('creates many records in one call and answers one result per input, in order, with 200', async () => {
    const { conn, exchanges } = sf.connect();
    const results = (await conn
      .sobject('Contact')
      .create([{ LastName: 'Alpha' }, { FirstName: 'No Last Name' }, { LastName: 'Gamma' }], {
        allOrNone: false,
      })) as SaveResult[];
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].status).toBe(200);
    expect(results[0]).toEqual({ id: expect.any(String), success: true, errors: [] });
    expect(results[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [LastName]',
          fields: ['LastName'],
        },
      ],
    });
    expect(results[2].success).toBe(true);
  });

  it('rolls every record back under allOrNone when one fails', async () => {
    const { conn } = sf.connect();
    const before = sf.sandbox.control.records('Contact').length;
    const results = (await conn.sobject('Contact').create([{ LastName: 'Kept?' }, { FirstName: 'Broken' }], {
      allOrNone: true,
    })) as SaveResult[];
    expect(results[0]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
          message:
            'Record rolled back because not all records were valid and the request was using AllOrNone header',
          fields: [],
        },
      ],
    });
    expect(results[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(sf.sandbox.control.records('Contact')).toHaveLength(before);
  });

  it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const { conn } = sf.connect();
    const records = Array.from({ length: 201 }, (_, i) => ({ LastName: `Bulk ${i}` }));
    const error = await conn
      .sobject('Contact')
      .create(records)
      .then(
        () => expect.fail('201 records should be refused'),
        (e: { errorCode: string; message: string }) => e,
      );
    expect(error.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(error.message).toBe('record limit reached. cannot submit more than 200 records into this call');
  });

  it('accepts exactly 200 records in one call', async () => {
    const { conn, exchanges } = sf.connect();
    const records = Array.from({ length: 200 }, (_, i) => ({ LastName: `Bulk ${i}` }));
    const results = (await conn.sobject('Contact').create(records)) as SaveResult[];
    expect(results.filter((r) => r.success)).toHaveLength(200);
    expect(exchanges).toHaveLength(1);
  });

  it('updates several records and reports a missing record per item', async () => {
    const { conn } = sf.connect();
    const [a] = (await conn.sobject('Account').create([{ Name: 'Update Me' }])) as SaveResult[];
    const results = (await conn.sobject('Account').update(
      [
        { Id: a.id!, Name: 'Updated' },
        { Id: '001000000000001AAA', Name: 'Nobody' },
      ],
      { allOrNone: false },
    )) as SaveResult[];
    expect(results[0]).toEqual({ id: a.id, success: true, errors: [] });
    expect(results[1].errors[0].statusCode).toBe('INVALID_CROSS_REFERENCE_KEY');
    expect(sf.sandbox.control.record('Account', a.id!).Name).toBe('Updated');
  });

  it('upserts many records on the external id and says which were created', async () => {
    const { conn, exchanges } = sf.connect();
    await conn.sobject('Account').upsert([{ Name: 'Existing', HubSpot_Id__c: 'hs-10' }], 'HubSpot_Id__c');
    const results = (await conn.sobject('Account').upsert(
      [
        { Name: 'Existing renamed', HubSpot_Id__c: 'hs-10' },
        { Name: 'Brand new', HubSpot_Id__c: 'hs-11' },
      ],
      'HubSpot_Id__c',
    )) as Array<SaveResult & { created: boolean }>;
    expect(results.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(exchanges.at(-1)?.url).toContain('/composite/sobjects/Account/HubSpot_Id__c');
  });

  it('deletes several records by id in one call', async () => {
    const { conn } = sf.connect();
    const created = (await conn.sobject('Account').create([{ Name: 'D1' }, { Name: 'D2' }])) as SaveResult[];
    const ids = created.map((r) => r.id!);
    const results = (await conn.sobject('Account').destroy(ids)) as SaveResult[];
    expect(results).toEqual(ids.map((id) => ({ id, success: true, errors: [] })));
    expect(ids.map((id) => sf.sandbox.control.record('Account', id).IsDeleted)).toEqual([true, true]);
  });

  it('retrieves several records by id with the chosen fields, null for a missing one', async () => {
    const { conn } = sf.connect();
    const created = (await conn.sobject('Account').create([{ Name: 'R1' }, { Name: 'R2' }])) as SaveResult[];
    const records = await conn
      .sobject('Account')
      .retrieve([created[0].id!, '001000000000001AAA', created[1].id!], { fields: ['Name'] });
    expect(records.map((r) => (r as { Name?: string } | null)?.Name ?? null)).toEqual(['R1', null, 'R2']);
  });
});
