import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type Failure = { errorCode: string; message: string };

describe('the sandbox org: Leads, their conversion, deletes and merges', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox({ seed: false });
  });
  afterEach(() => sf.close());

  it('describes Lead with its standard fields, Company required and the conversion fields read-only', async () => {
    const { conn } = sf.connect();
    const d = await conn.sobject('Lead').describe();
    const byName = new Map(d.fields.map((f) => [f.name, f]));
    for (const name of ['Company', 'Status', 'Email', 'Phone', 'Title', 'Industry', 'Rating', 'City'])
      expect(byName.has(name), name).toBe(true);
    expect(byName.get('Company')).toMatchObject({ nillable: false, createable: true });
    expect(byName.get('LastName')).toMatchObject({ nillable: false });
    for (const name of [
      'IsConverted',
      'ConvertedContactId',
      'ConvertedAccountId',
      'ConvertedDate',
      'MasterRecordId',
    ])
      expect(byName.get(name), name).toMatchObject({ createable: false, updateable: false });
  });

  it('refuses a lead without Company, and one that matches a lead by email (duplicate rule)', async () => {
    const { conn } = sf.connect();
    const missing = (await conn
      .sobject('Lead')
      .create({ LastName: 'Nocompany' })
      .catch((e: Failure) => e)) as Failure;
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    await conn.sobject('Lead').create({ LastName: 'One', Company: 'Acme', Email: 'dup@acme.example' });
    const dup = (await conn
      .sobject('Lead')
      .create({ LastName: 'Two', Company: 'Acme', Email: 'DUP@acme.example' })
      .catch((e: Failure) => e)) as Failure;
    expect(dup.errorCode).toBe('DUPLICATES_DETECTED');
  });

  it('converts a lead into an Account and a Contact and refuses every later write to it', async () => {
    const { conn } = sf.connect();
    const made = await conn.sobject('Lead').create({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Engines Ltd',
      Email: 'ada@engines.example',
    });
    const leadId = (made as { id: string }).id;
    const converted = sf.sandbox.control.convertLead(leadId);

    const { records } = await conn.query<Record<string, unknown>>(
      `SELECT IsConverted, Status, ConvertedContactId, ConvertedAccountId, ConvertedDate FROM Lead WHERE Id = '${leadId}'`,
    );
    const lead = records[0];
    expect(lead).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedContactId: converted.contactId,
      ConvertedAccountId: converted.accountId,
      ConvertedDate: '2026-11-28',
    });
    expect(sf.sandbox.control.record('Contact', converted.contactId)).toMatchObject({
      LastName: 'Lovelace',
      Email: 'ada@engines.example',
      AccountId: converted.accountId,
    });
    expect(sf.sandbox.control.record('Account', converted.accountId).Name).toBe('Engines Ltd');

    const write = (await conn
      .sobject('Lead')
      .update({ Id: leadId, Title: 'CEO' })
      .catch((e: Failure) => e)) as Failure;
    expect(write).toMatchObject({
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
      message: 'cannot reference converted lead',
    });
    expect(() => sf.sandbox.control.convertLead(leadId)).toThrow(/already converted/);
  });

  it('merges contacts: the loser is deleted with MasterRecordId, seen only through queryAll', async () => {
    const { conn } = sf.connect();
    const account = sf.sandbox.control.insertRecordDirect('Account', { Name: 'Merged Co' });
    const master = sf.sandbox.control.insertRecordDirect('Contact', {
      LastName: 'Keep',
      AccountId: account.Id,
    });
    const loser = sf.sandbox.control.insertRecordDirect('Contact', {
      LastName: 'Lose',
      AccountId: account.Id,
    });
    sf.sandbox.control.mergeRecords('Contact', master.Id, [loser.Id]);

    const live = await conn.query(`SELECT Id FROM Contact WHERE Id = '${loser.Id}'`);
    expect(live.totalSize).toBe(0);
    const all = await conn.query<Record<string, unknown>>(
      `SELECT Id, IsDeleted, MasterRecordId FROM Contact WHERE Id = '${loser.Id}'`,
      { scanAll: true },
    );
    expect(all.records[0]).toMatchObject({ IsDeleted: true, MasterRecordId: master.Id });
    expect(() => sf.sandbox.control.mergeRecords('Opportunity', master.Id, [loser.Id])).toThrow(
      /Opportunity records cannot be merged\. Options: Account, Contact, Lead/,
    );
  });

  it('merges accounts and moves their contacts to the surviving account', () => {
    const c = sf.sandbox.control;
    const keep = c.insertRecordDirect('Account', { Name: 'Keep' });
    const lose = c.insertRecordDirect('Account', { Name: 'Lose' });
    const child = c.insertRecordDirect('Contact', { LastName: 'Child', AccountId: lose.Id });
    c.mergeRecords('Account', keep.Id, [lose.Id]);
    expect(c.record('Contact', child.Id).AccountId).toBe(keep.Id);
    expect(c.record('Account', lose.Id)).toMatchObject({ IsDeleted: true, MasterRecordId: keep.Id });
  });

  it('converts and merges through the control API over HTTP, behind the pairing token', async () => {
    const lead = sf.sandbox.control.insertRecordDirect('Lead', { LastName: 'Http', Company: 'Wire Co' });
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${sf.sandbox.controlToken}`,
    };
    const refused = await fetch(`${sf.instanceUrl}/_control/leads/${lead.Id}/convert`, {
      method: 'POST',
      body: '{}',
    });
    expect(refused.status).toBe(401);
    const res = await fetch(`${sf.instanceUrl}/_control/leads/${lead.Id}/convert`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ leadId: lead.Id, opportunityId: null });
    const bad = await fetch(`${sf.instanceUrl}/_control/records/Contact/merge`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ masterId: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/mergedIds/);
  });
});
