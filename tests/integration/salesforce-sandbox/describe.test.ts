import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type Field = Record<string, unknown> & { name: string };

describe('describe tells the truth about the org as the integration user sees it', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  const fieldsOf = async (type: string) => {
    const { conn } = sf.connect();
    const d = await conn.sobject(type).describe();
    return new Map((d.fields as unknown as Field[]).map((f) => [f.name, f]));
  };

  it('lists the demo objects and the setup objects with their key prefixes in the global describe', async () => {
    const { conn } = sf.connect();
    const global = await conn.describeGlobal();
    const prefixes = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(prefixes).toEqual({
      Account: '001',
      Contact: '003',
      Lead: '00Q',
      Opportunity: '006',
      User: '005',
      PermissionSet: '0PS',
      PermissionSetAssignment: '0Pa',
      Organization: '00D',
    });
  });

  it("answers SELECT Name FROM Organization with the org's one record, its Id the org id", async () => {
    const { conn } = sf.connect();
    const rows = (await conn.query('SELECT Id, Name FROM Organization')).records;
    const identity = await conn.identity();
    expect(rows).toEqual([
      expect.objectContaining({ Id: identity.organization_id, Name: 'Sync Health Demo Org' }),
    ]);
  });

  it('describes a restricted picklist with its values (and without Biotech)', async () => {
    const industry = (await fieldsOf('Account')).get('Industry')!;
    expect(industry).toMatchObject({ type: 'picklist', restrictedPicklist: true, nillable: true });
    const values = (industry.picklistValues as Array<{ value: string; active: boolean }>).map((v) => v.value);
    expect(values).toContain('Technology');
    expect(values).not.toContain('Biotech');
    expect(values).toHaveLength(20);
  });

  it('describes the CRM id field as a unique, writable external id of length 32', async () => {
    const field = (await fieldsOf('Contact')).get('HubSpot_Id__c')!;
    expect(field).toMatchObject({
      type: 'string',
      length: 32,
      unique: true,
      externalId: true,
      idLookup: true,
      custom: true,
      createable: true,
      updateable: true,
    });
  });

  it('leaves out a field hidden by field-level security', async () => {
    expect((await fieldsOf('Contact')).has('Salary__c')).toBe(false);
  });

  it('marks a read-only field as neither createable nor updateable', async () => {
    expect((await fieldsOf('Contact')).get('MobilePhone')).toMatchObject({
      createable: false,
      updateable: false,
    });
  });

  it('describes a required field as not nillable and not defaulted on create', async () => {
    expect((await fieldsOf('Contact')).get('LastName')).toMatchObject({
      nillable: false,
      defaultedOnCreate: false,
      length: 80,
    });
  });

  it('describes a lookup with referenceTo and relationshipName', async () => {
    expect((await fieldsOf('Contact')).get('AccountId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
  });

  it('describes currency precision and scale and int digits', async () => {
    const fields = await fieldsOf('Account');
    expect(fields.get('AnnualRevenue')).toMatchObject({ type: 'currency', precision: 18, scale: 2 });
    expect(fields.get('NumberOfEmployees')).toMatchObject({ type: 'int', digits: 8 });
  });

  it('describes system fields as read-only and defaulted', async () => {
    expect((await fieldsOf('Account')).get('SystemModstamp')).toMatchObject({
      type: 'datetime',
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
    });
  });

  it('has no Customer_Tier__c on Account (the field was deleted)', async () => {
    expect((await fieldsOf('Account')).has('Customer_Tier__c')).toBe(false);
  });

  it('shows a picklist value an admin added at run time', async () => {
    sf.sandbox.control.addPicklistValue('Account', 'Industry', 'Biotech');
    const industry = (await fieldsOf('Account')).get('Industry')!;
    expect((industry.picklistValues as Array<{ value: string }>).map((v) => v.value)).toContain('Biotech');
  });
});
