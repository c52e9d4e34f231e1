import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idChecksum, isSalesforceId, objectForId } from '../../../shared/salesforce-id';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type Failure = { errorCode: string; message: string; data?: unknown };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('the call should have failed'),
    (e: Failure) => e,
  );

describe('single-record REST through jsforce', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  it('creates a record and answers with its 18-character id', async () => {
    const { conn, exchanges } = sf.connect();
    const result = await conn.sobject('Account').create({ Name: 'Acme Rockets' });
    expect(result).toEqual({ id: expect.any(String), success: true, errors: [] });
    expect(exchanges.map((e) => e.status)).toEqual([201]);
    expect(exchanges[0].headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it.each([
    ['Account', '001'],
    ['Contact', '003'],
    ['Lead', '00Q'],
    ['Opportunity', '006'],
  ])('gives %s ids the key prefix %s and a correct case-checksum suffix', async (type, prefix) => {
    const { conn } = sf.connect();
    const bodies: Record<string, Record<string, unknown>> = {
      Account: { Name: 'Prefix Test' },
      Contact: { LastName: 'Prefix' },
      Lead: { LastName: 'Prefix', Company: 'Prefix Co' },
      Opportunity: { Name: 'Prefix Deal', StageName: 'Prospecting', CloseDate: '2027-01-31' },
    };
    const { id } = (await conn.sobject(type).create(bodies[type])) as { id: string };
    expect(id).toHaveLength(18);
    expect(id.slice(0, 3)).toBe(prefix);
    expect(id.slice(15)).toBe(idChecksum(id.slice(0, 15)));
    expect(isSalesforceId(id)).toBe(true);
    expect(objectForId(id)).toBe(type);
  });

  it('gives the integration user a 005 id in the identity URL', async () => {
    const { conn } = sf.connect();
    const identity = await conn.identity();
    expect(identity.user_id.slice(0, 3)).toBe('005');
    expect(identity.organization_id.slice(0, 3)).toBe('00D');
  });

  it('retrieves a record with only the requested fields', async () => {
    const { conn } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Fields Co', BillingCity: 'Oslo' })) as {
      id: string;
    };
    const record = await conn.sobject('Account').retrieve(id, { fields: ['Name', 'BillingCity'] });
    expect(record).toEqual({
      attributes: { type: 'Account', url: expect.stringContaining(`/sobjects/Account/${id}`) },
      Name: 'Fields Co',
      BillingCity: 'Oslo',
    });
  });

  it('accepts the 15-character form of an id', async () => {
    const { conn } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Short Id Co' })) as { id: string };
    const record = (await conn.sobject('Account').retrieve(id.slice(0, 15))) as { Id: string; Name: string };
    expect(record.Id).toBe(id);
    expect(record.Name).toBe('Short Id Co');
  });

  it('updates a record with 204 and bumps LastModifiedDate and SystemModstamp', async () => {
    const { conn, exchanges } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Before' })) as { id: string };
    sf.clock.advance(60_000);
    const result = await conn.sobject('Account').update({ Id: id, Name: 'After' });
    expect(result).toEqual({ id, success: true, errors: [] });
    expect(exchanges[1].status).toBe(204);
    const record = sf.sandbox.control.record('Account', id);
    expect(record.Name).toBe('After');
    expect(record.SystemModstamp).toBe('2026-11-28T12:01:00.000+0000');
    expect(record.LastModifiedDate).toBe('2026-11-28T12:01:00.000+0000');
    expect(record.CreatedDate).toBe('2026-11-28T12:00:00.000+0000');
  });

  it('deletes a record with 204 into the recycle bin (IsDeleted)', async () => {
    const { conn, exchanges } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Doomed' })) as { id: string };
    await conn.sobject('Account').destroy(id);
    expect(exchanges[1].status).toBe(204);
    expect(sf.sandbox.control.record('Account', id).IsDeleted).toBe(true);
  });

  it('answers 404 NOT_FOUND for a well-formed id that does not exist', async () => {
    const { conn, exchanges } = sf.connect();
    const error = await failure(conn.sobject('Account').retrieve('001000000000001AAA'));
    expect(error.errorCode).toBe('NOT_FOUND');
    expect(error.message).toBe('The requested resource does not exist');
    expect(exchanges.at(-1)?.status).toBe(404);
  });

  it('answers 404 ENTITY_IS_DELETED when updating a deleted record', async () => {
    const { conn } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Gone' })) as { id: string };
    sf.sandbox.control.deleteRecord('Account', id);
    const error = await failure(conn.sobject('Account').update({ Id: id, Name: 'Back?' }));
    expect(error.errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('upserts on the external id: 201 created:true, then 200 created:false on the same record', async () => {
    const { conn, exchanges } = sf.connect();
    const first = await conn
      .sobject('Account')
      .upsert({ Name: 'Upsert Co', HubSpot_Id__c: 'hs-1' }, 'HubSpot_Id__c');
    const second = await conn
      .sobject('Account')
      .upsert({ Name: 'Upsert Co 2', HubSpot_Id__c: 'hs-1' }, 'HubSpot_Id__c');
    expect(first).toMatchObject({ success: true, created: true });
    expect(second).toMatchObject({ success: true, created: false, id: (first as { id: string }).id });
    expect(exchanges.map((e) => e.status)).toEqual([201, 200]);
    expect(sf.sandbox.control.record('Account', (first as { id: string }).id).Name).toBe('Upsert Co 2');
  });

  it('answers 300 (MULTIPLE_CHOICES in jsforce) when an external id matches several records', async () => {
    const { conn, exchanges } = sf.connect();
    sf.sandbox.control.insertRecordDirect('Lead', { LastName: 'One', Company: 'X', Legacy_Id__c: 'L-7' });
    sf.sandbox.control.insertRecordDirect('Lead', { LastName: 'Two', Company: 'X', Legacy_Id__c: 'L-7' });
    const error = await failure(
      conn.sobject('Lead').upsert({ LastName: 'Three', Legacy_Id__c: 'L-7' }, 'Legacy_Id__c'),
    );
    expect(error.errorCode).toBe('MULTIPLE_CHOICES');
    expect(exchanges.at(-1)?.status).toBe(300);
    expect(error.data).toHaveLength(2);
  });

  it('answers 404 NOT_FOUND when upserting on a field that is not an external id', async () => {
    const { conn } = sf.connect();
    const error = await failure(
      conn.sobject('Account').upsert({ Name: 'X', BillingCity: 'Y' }, 'BillingCity'),
    );
    expect(error.errorCode).toBe('NOT_FOUND');
    expect(error.message).toBe('Provided external ID field does not exist or is not accessible: BillingCity');
  });

  it('answers 404 NOT_FOUND for an object the org does not have', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.sobject('Invoice__c').create({ Name: 'X' }));
    expect(error.errorCode).toBe('NOT_FOUND');
  });
});
