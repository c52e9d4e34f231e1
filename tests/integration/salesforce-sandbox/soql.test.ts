import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type Row = Record<string, unknown> & { Id: string };
const failure = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => expect.fail('the query should have failed'),
    (e: { errorCode: string; message: string }) => e,
  );

describe('SOQL through jsforce', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox({ seed: false });
    const c = sf.sandbox.control;
    const acme = c.insertRecordDirect('Account', { Name: 'Acme', Industry: 'Retail', NumberOfEmployees: 10 });
    const zen = c.insertRecordDirect('Account', { Name: 'Zen', Industry: 'Banking', NumberOfEmployees: 500 });
    c.insertRecordDirect('Account', { Name: 'Mid', NumberOfEmployees: null });
    c.insertRecordDirect('Contact', { LastName: 'Ames', Email: 'ames@acme.example', AccountId: acme.Id });
    c.insertRecordDirect('Contact', { LastName: 'Zorn', Email: 'zorn@zen.example', AccountId: zen.Id });
    c.insertRecordDirect('Contact', { LastName: 'Loner', Email: null });
  });
  afterEach(() => sf.close());

  const names = async (soql: string) => {
    const { conn } = sf.connect();
    const result = await conn.query<Row>(soql);
    return result.records.map((r) => r.Name ?? r.LastName);
  };

  it('returns the documented envelope with attributes on every record', async () => {
    const { conn } = sf.connect();
    const result = await conn.query<Row>("SELECT Id, Name FROM Account WHERE Name = 'Acme'");
    expect(result.totalSize).toBe(1);
    expect(result.done).toBe(true);
    expect(result.records[0]).toEqual({
      attributes: {
        type: 'Account',
        url: expect.stringMatching(/\/services\/data\/v62\.0\/sobjects\/Account\/001/),
      },
      Id: expect.any(String),
      Name: 'Acme',
    });
  });

  it('follows one parent relationship, with null where there is no parent', async () => {
    const { conn } = sf.connect();
    const result = await conn.query<Row>(
      'SELECT LastName, Account.Name, Account.Industry FROM Contact ORDER BY LastName',
    );
    expect(result.records.map((r) => [r.LastName, r.Account && (r.Account as Row).Name])).toEqual([
      ['Ames', 'Acme'],
      ['Loner', null],
      ['Zorn', 'Zen'],
    ]);
    expect((result.records[0].Account as Row).Industry).toBe('Retail');
  });

  it.each([
    ["Name = 'acme'", ['Acme']],
    ["Name != 'Acme'", ['Mid', 'Zen']],
    ['NumberOfEmployees > 10', ['Zen']],
    ['NumberOfEmployees >= 10', ['Acme', 'Zen']],
    ['NumberOfEmployees < 500', ['Acme']],
    ['NumberOfEmployees <= 500', ['Acme', 'Zen']],
    ["Industry IN ('Retail', 'Banking')", ['Acme', 'Zen']],
    ["Industry NOT IN ('Retail')", ['Mid', 'Zen']],
    ["Name LIKE 'a%'", ['Acme']],
    ["Name LIKE '_en'", ['Zen']],
    ['Industry = null', ['Mid']],
    ['Industry != null', ['Acme', 'Zen']],
    ["Industry = 'Retail' OR Industry = 'Banking'", ['Acme', 'Zen']],
    ["NOT (Industry = 'Retail') AND Industry != null", ['Zen']],
    ["(Name = 'Acme' OR Name = 'Zen') AND NumberOfEmployees > 100", ['Zen']],
    ['IsDeleted = false', ['Acme', 'Mid', 'Zen']],
    ['CreatedDate >= 2026-11-28T00:00:00Z', ['Acme', 'Mid', 'Zen']],
    ['CreatedDate > 2026-11-28T12:00:00.000+0000', []],
  ])('filters WHERE %s', async (where, expected) => {
    expect(await names(`SELECT Name FROM Account WHERE ${where} ORDER BY Name`)).toEqual(expected);
  });

  it.each([
    ['NumberOfEmployees ASC', ['Mid', 'Acme', 'Zen']],
    ['NumberOfEmployees DESC', ['Zen', 'Acme', 'Mid']],
    ['NumberOfEmployees ASC NULLS LAST', ['Acme', 'Zen', 'Mid']],
    ['NumberOfEmployees DESC NULLS FIRST', ['Mid', 'Zen', 'Acme']],
  ])('sorts ORDER BY %s with Salesforce null placement', async (order, expected) => {
    expect(await names(`SELECT Name FROM Account ORDER BY ${order}`)).toEqual(expected);
  });

  it('applies LIMIT and OFFSET after sorting', async () => {
    expect(await names('SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1')).toEqual(['Mid']);
  });

  it('counts with COUNT() in totalSize and returns no records', async () => {
    const { conn } = sf.connect();
    const result = await conn.query("SELECT COUNT() FROM Contact WHERE Email LIKE '%.example'");
    expect(result.totalSize).toBe(2);
    expect(result.records).toEqual([]);
  });

  it('pages 2,500 rows by 2,000 with nextRecordsUrl, which jsforce follows', async () => {
    for (let i = 0; i < 2500; i++)
      sf.sandbox.control.insertRecordDirect('Lead', { LastName: `L${i}`, Company: 'Bulk' });
    const { conn, exchanges } = sf.connect();
    const first = await conn.query<Row>('SELECT Id FROM Lead', { autoFetch: false });
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    expect(first.totalSize).toBe(2500);
    const second = await conn.queryMore<Row>(first.nextRecordsUrl!);
    expect(second.records).toHaveLength(500);
    expect(second.done).toBe(true);
    expect(exchanges[1].url).toMatch(/\/services\/data\/v62\.0\/query\/01g[0-9A-Za-z]+-2000$/);
  });

  it('leaves deleted records out of query but shows them in queryAll with IsDeleted', async () => {
    const { conn, exchanges } = sf.connect();
    const [acme] = sf.sandbox.control.query("SELECT Id FROM Account WHERE Name = 'Acme'") as Row[];
    sf.sandbox.control.deleteRecord('Account', acme.Id);
    const live = await conn.query<Row>("SELECT Id FROM Account WHERE Name = 'Acme'");
    const all = await conn.query<Row>("SELECT Id, IsDeleted FROM Account WHERE Name = 'Acme'", {
      scanAll: true,
    });
    expect(live.totalSize).toBe(0);
    expect(all.records.map((r) => r.IsDeleted)).toEqual([true]);
    expect(exchanges.at(-1)?.url).toContain('/queryAll?q=');
  });

  it('matches a 15-character id in a filter', async () => {
    const [acme] = sf.sandbox.control.query("SELECT Id FROM Account WHERE Name = 'Acme'") as Row[];
    expect(await names(`SELECT Name FROM Account WHERE Id = '${acme.Id.slice(0, 15)}'`)).toEqual(['Acme']);
  });

  it('rejects a syntax error with MALFORMED_QUERY pointing at the token', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.query('SELECT Id FRM Account'));
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toBe(
      '\nSELECT Id FRM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: FRM',
    );
  });

  it('rejects an unknown column with INVALID_FIELD "No such column"', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.query('SELECT Id, Customer_Tier__c FROM Account'));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain("No such column 'Customer_Tier__c' on entity 'Account'.");
    expect(error.message).toContain('ERROR at Row:1:Column:12');
  });

  it('hides a field without FLS read access from SOQL too', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.query('SELECT Salary__c FROM Contact'));
    expect(error.errorCode).toBe('INVALID_FIELD');
  });

  it('rejects an unknown object with INVALID_TYPE', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.query('SELECT Id FROM Invoice__c'));
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toContain("sObject type 'Invoice__c' is not supported.");
  });

  it('rejects a quoted value for a number field', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.query("SELECT Id FROM Account WHERE NumberOfEmployees = '10'"));
    expect(error.message).toContain(
      "value of filter criterion for field 'NumberOfEmployees' must be of type integer",
    );
  });
});
