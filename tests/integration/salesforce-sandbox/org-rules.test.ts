import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type Failure = { errorCode: string; message: string; data: Record<string, unknown> & { fields?: string[] } };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('the write should have been rejected'),
    (e: Failure) => e,
  );

describe('the demo org rejects bad writes with Salesforce error codes', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  it.each([
    [
      'a missing required field',
      'Contact',
      { FirstName: 'Ann' },
      'REQUIRED_FIELD_MISSING',
      'Required fields are missing: [LastName]',
      ['LastName'],
    ],
    [
      'a too-long title',
      'Contact',
      { LastName: 'L', Title: 'x'.repeat(129) },
      'STRING_TOO_LONG',
      `Title: data value too large: ${'x'.repeat(129)} (max length=128)`,
      ['Title'],
    ],
    [
      'a bad email',
      'Contact',
      { LastName: 'L', Email: 'not-an-email' },
      'INVALID_EMAIL_ADDRESS',
      'Email: invalid email address: not-an-email',
      ['Email'],
    ],
    [
      'a number beyond its precision',
      'Account',
      { Name: 'Big', NumberOfEmployees: 123456789 },
      'NUMBER_OUTSIDE_VALID_RANGE',
      'Employees: value outside of valid range on numeric field: 123456789',
      ['NumberOfEmployees'],
    ],
    [
      'an industry the restricted picklist lacks',
      'Account',
      { Name: 'Bio', Industry: 'Biotech' },
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'Industry: bad value for restricted picklist field: Biotech',
      ['Industry'],
    ],
    [
      'a lead source the restricted picklist lacks',
      'Contact',
      { LastName: 'P', LeadSource: 'Podcast' },
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'Lead Source: bad value for restricted picklist field: Podcast',
      ['LeadSource'],
    ],
    [
      'an http website (validation rule)',
      'Account',
      { Name: 'Plain', Website: 'http://plain.example' },
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'Website must start with https://',
      ['Website'],
    ],
    [
      'a negative amount (validation rule)',
      'Opportunity',
      { Name: 'Neg', StageName: 'Prospecting', CloseDate: '2027-01-01', Amount: -5 },
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'Amount must be a positive number',
      [],
    ],
    [
      'a read-only field (FLS)',
      'Contact',
      { LastName: 'M', MobilePhone: '+1 555 0100' },
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'Unable to create/update fields: MobilePhone. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      ['MobilePhone'],
    ],
    [
      'a system field',
      'Account',
      { Name: 'S', CreatedDate: '2020-01-01T00:00:00Z' },
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'Unable to create/update fields: CreatedDate. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      ['CreatedDate'],
    ],
  ])('rejects %s', async (_what, type, body, code, message, fields) => {
    const { conn, exchanges } = sf.connect();
    const error = await failure(conn.sobject(type).create(body));
    expect(error.errorCode).toBe(code);
    expect(error.message).toBe(message);
    expect(error.data.fields).toEqual(fields);
    expect(exchanges[0].status).toBe(400);
  });

  it.each([
    [
      'a field hidden by FLS',
      'Contact',
      { LastName: 'S', Salary__c: 1 },
      "No such column 'Salary__c' on sobject of type Contact",
    ],
    [
      'a field deleted from the org',
      'Account',
      { Name: 'T', Customer_Tier__c: 'Gold' },
      "No such column 'Customer_Tier__c' on sobject of type Account",
    ],
  ])('answers INVALID_FIELD "No such column" for %s', async (_what, type, body, message) => {
    const { conn } = sf.connect();
    const error = await failure(conn.sobject(type).create(body));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toBe(message);
  });

  it('rejects a second record with the same external id as DUPLICATE_VALUE naming the holder', async () => {
    const { conn } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'First', HubSpot_Id__c: 'hs-dup' })) as {
      id: string;
    };
    const error = await failure(conn.sobject('Account').create({ Name: 'Second', HubSpot_Id__c: 'HS-DUP' }));
    expect(error.errorCode).toBe('DUPLICATE_VALUE');
    expect(error.message).toBe(
      `duplicate value found: HubSpot_Id__c duplicates value on record with id: ${id}`,
    );
  });

  it('blocks a contact whose email an existing contact has, with duplicateResult on the single call', async () => {
    const { conn } = sf.connect();
    const existing = sf.sandbox.control.query(
      "SELECT Id FROM Contact WHERE Email = 'li.wei@contoso.example'",
    );
    const error = await failure(
      conn.sobject('Contact').create({ LastName: 'Wei', Email: 'LI.WEI@contoso.example' }),
    );
    expect(error.errorCode).toBe('DUPLICATES_DETECTED');
    expect(error.message).toBe('Use one of these records?');
    const result = error.data.duplicateResult as {
      duplicateRule: string;
      allowSave: boolean;
      matchResults: Array<{ matchRecords: Array<{ record: { Id: string } }> }>;
    };
    expect(result.duplicateRule).toBe('Standard_Contact_Duplicate_Rule');
    expect(result.allowSave).toBe(false);
    expect(result.matchResults[0].matchRecords.map((m) => m.record.Id)).toEqual([existing[0].Id]);
  });

  it('fails the Contact_Onboarding flow for an intern title with CANNOT_EXECUTE_FLOW_TRIGGER', async () => {
    const { conn } = sf.connect();
    const error = await failure(
      conn.sobject('Contact').create({ LastName: 'Young', Title: 'Marketing Intern' }),
    );
    expect(error.errorCode).toBe('CANNOT_EXECUTE_FLOW_TRIGGER');
    expect(error.message).toMatch(
      /^We can't save this record because the "Contact Onboarding" process failed\./,
    );
  });

  it('fails the AccountTrigger for a "Test " account, wrapping the first error', async () => {
    const { conn } = sf.connect();
    const error = await failure(conn.sobject('Account').create({ Name: 'Test Account 1' }));
    expect(error.errorCode).toBe('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
    expect(error.message).toContain('AccountTrigger: execution of BeforeInsert');
    expect(error.message).toContain(
      'first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Test accounts are not allowed',
    );
  });

  it('locks a large deal in Negotiation/Review against updates (ENTITY_IS_LOCKED)', async () => {
    const { conn } = sf.connect();
    const deal = {
      Name: 'Whale',
      StageName: 'Negotiation/Review',
      CloseDate: '2027-06-30',
      Amount: 2_500_000,
    };
    const { id } = (await conn.sobject('Opportunity').create(deal)) as { id: string };
    const error = await failure(conn.sobject('Opportunity').update({ Id: id, Amount: 2_600_000 }));
    expect(error.errorCode).toBe('ENTITY_IS_LOCKED');
    expect(error.message).toBe('the entity is locked for editing');
  });

  it('reports several bad values as several errors (MULTIPLE_API_ERRORS in jsforce)', async () => {
    const { conn } = sf.connect();
    const error = await failure(
      conn.sobject('Contact').create({ LastName: 'Two', Email: 'bad', Title: 'x'.repeat(200) }),
    );
    expect(error.errorCode).toBe('MULTIPLE_API_ERRORS');
    const codes = (error.data as unknown as Array<{ errorCode: string }>).map((e) => e.errorCode);
    expect(codes).toEqual(['INVALID_EMAIL_ADDRESS', 'STRING_TOO_LONG']);
  });

  it.each([
    ['a malformed id', () => 'not-an-id', 'MALFORMED_ID'],
    [
      'the id of another object',
      (sfx: RunningSandbox) => sfx.sandbox.control.records('Contact')[0].Id,
      'MALFORMED_ID',
    ],
    ['the id of a nonexistent record', () => '001000000000001AAA', 'INVALID_CROSS_REFERENCE_KEY'],
    [
      'the id of a deleted record',
      (sfx: RunningSandbox) => {
        const a = sfx.sandbox.control.insertRecordDirect('Account', { Name: 'Binned' });
        sfx.sandbox.control.deleteRecord('Account', a.Id);
        return a.Id;
      },
      'ENTITY_IS_DELETED',
    ],
    [
      'the id of a record private to another user',
      (sfx: RunningSandbox) =>
        sfx.sandbox.control.insertRecordDirect('Account', { Name: 'Secret' }, { hidden: true }).Id,
      'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
    ],
  ])('rejects a lookup holding %s', async (_what, target, code) => {
    const { conn } = sf.connect();
    const error = await failure(conn.sobject('Contact').create({ LastName: 'Ref', AccountId: target(sf) }));
    expect(error.errorCode).toBe(code);
    expect(error.data.fields).toEqual(['AccountId']);
  });

  it('refuses writes to an object the user may not create (INSUFFICIENT_ACCESS_OR_READONLY)', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.setObjectPermission('Lead', { create: false });
    const error = await failure(conn.sobject('Lead').create({ LastName: 'No', Company: 'Access' }));
    expect(error.errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
  });
});
