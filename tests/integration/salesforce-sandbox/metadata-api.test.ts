import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

let sf: RunningSandbox | undefined;
afterEach(async () => {
  await sf?.close();
  sf = undefined;
});

const hubspotId = (object: string) => ({
  fullName: `${object}.HubSpot_Id__c`,
  label: 'HubSpot Id',
  type: 'Text',
  length: 32,
  externalId: true,
  unique: true,
});

describe('the sandbox Metadata API (jsforce metadata client, unchanged)', () => {
  it('creates a custom field that describe shows once a permission set assigned to the user grants it', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    const { conn, exchanges } = sf.connect();
    const created = await conn.metadata.create('CustomField', [hubspotId('Contact')]);
    expect(created).toEqual([{ fullName: 'Contact.HubSpot_Id__c', success: true, errors: [] }]);
    expect(exchanges.at(-1)?.url).toMatch(/\/services\/Soap\/m\/62\.0$/);
    // Created through the API, the field is visible to no profile yet.
    const before = await conn.sobject('Contact').describe();
    expect(before.fields.map((f) => f.name)).not.toContain('HubSpot_Id__c');

    const set = await conn.metadata.upsert('PermissionSet', {
      fullName: 'Sync_Health_Integration',
      label: 'Sync Health Integration',
      fieldPermissions: [{ field: 'Contact.HubSpot_Id__c', readable: true, editable: true }],
    } as never);
    expect(set).toMatchObject({ fullName: 'Sync_Health_Integration', success: true, created: true });
    const [ps] = (
      await conn.query<{ Id: string }>("SELECT Id FROM PermissionSet WHERE Name = 'Sync_Health_Integration'")
    ).records;
    const userId = (await conn.identity()).user_id;
    const assignment = await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: userId, PermissionSetId: ps.Id });
    expect(assignment.success).toBe(true);

    const after = await conn.sobject('Contact').describe();
    expect(after.fields.find((f) => f.name === 'HubSpot_Id__c')).toMatchObject({
      externalId: true,
      unique: true,
      createable: true,
      updateable: true,
      length: 32,
    });
  });

  it('answers DUPLICATE_DEVELOPER_NAME for a field that exists, and upsert then reports created false', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    const { conn } = sf.connect();
    await conn.metadata.create('CustomField', hubspotId('Account') as never);
    const again = await conn.metadata.create('CustomField', hubspotId('Account') as never);
    expect(again).toMatchObject({
      fullName: 'Account.HubSpot_Id__c',
      success: false,
      errors: [
        {
          statusCode: 'DUPLICATE_DEVELOPER_NAME',
          message: 'There is already a field named HubSpot_Id on Account.',
        },
      ],
    });
    const upserted = await conn.metadata.upsert('CustomField', hubspotId('Account') as never);
    expect(upserted).toMatchObject({ success: true, created: false });
  });

  it('reads a field back as metadata, and leaves out one that does not exist', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    const { conn } = sf.connect();
    await conn.metadata.create('CustomField', {
      fullName: 'Account.Customer_Tier__c',
      label: 'Customer Tier',
      type: 'Picklist',
      valueSet: {
        restricted: true,
        valueSetDefinition: {
          sorted: false,
          value: [
            { fullName: 'Gold', default: false, label: 'Gold' },
            { fullName: 'Silver', default: false, label: 'Silver' },
          ],
        },
      },
    } as never);
    const read = await conn.metadata.read('CustomField', ['Account.Customer_Tier__c', 'Account.Nope__c']);
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({
      fullName: 'Account.Customer_Tier__c',
      type: 'Picklist',
      label: 'Customer Tier',
    });
  });

  it('names what to change for a bad component, and writes nothing', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    const { conn } = sf.connect();
    const results = await conn.metadata.create('CustomField', [
      { fullName: 'Account.No_Label__c', type: 'Text', length: 10 },
      { fullName: 'Nothing.HubSpot_Id__c', label: 'X', type: 'Text', length: 10 },
      { fullName: 'Account.Short__c', label: 'Short', type: 'Text' },
    ] as never);
    expect((results as { errors: { statusCode: string }[] }[]).map((r) => r.errors[0].statusCode)).toEqual([
      'REQUIRED_FIELD_MISSING',
      'INVALID_CROSS_REFERENCE_KEY',
      'FIELD_INTEGRITY_EXCEPTION',
    ]);
    expect(await conn.metadata.read('CustomField', ['Account.Short__c'] as never)).toEqual([]);
  });

  it('counts each metadata call against the daily limit and refuses a bad session with a SOAP fault', async () => {
    sf = await startSandbox({ variant: 'fresh' });
    const { conn } = sf.connect();
    const before = sf.sandbox.stats().apiUsage;
    await conn.metadata.read('CustomField', ['Account.Nope__c'] as never);
    await conn.metadata.create('CustomField', hubspotId('Lead') as never);
    expect(sf.sandbox.stats().apiUsage).toBe(before + 2);
    const { conn: bad } = sf.connect({ accessToken: 'not-a-session' });
    await expect(bad.metadata.read('CustomField', ['Account.Nope__c'] as never)).rejects.toMatchObject({
      errorCode: 'sf:INVALID_SESSION_ID',
    });
  });
});
