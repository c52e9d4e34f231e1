import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox, VERSION } from './start-sandbox';

type Failure = { errorCode: string };
const failure = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => expect.fail('the write should have been rejected'),
    (e: Failure) => e,
  );

describe('an admin fixes the org through control, then the write succeeds', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  it('accepts Biotech after the admin adds it to the Industry picklist (over HTTP control)', async () => {
    const { conn } = sf.connect();
    expect(
      (await failure(conn.sobject('Account').create({ Name: 'Bio', Industry: 'Biotech' }))).errorCode,
    ).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const res = await fetch(`${sf.instanceUrl}/_control/picklist-values`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sf.sandbox.controlToken}` },
      body: JSON.stringify({ object: 'Account', field: 'Industry', value: 'Biotech' }),
    });
    expect(res.status).toBe(200);
    expect((await conn.sobject('Account').create({ Name: 'Bio', Industry: 'Biotech' })).success).toBe(true);
  });

  it('accepts MobilePhone after the admin grants edit access to the field', async () => {
    const { conn } = sf.connect();
    const contact = { LastName: 'Mobile', MobilePhone: '+1 555 0199' };
    expect((await failure(conn.sobject('Contact').create(contact))).errorCode).toBe(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
    );
    sf.sandbox.control.setFieldPermission('Contact', 'MobilePhone', { readable: true, editable: true });
    expect((await conn.sobject('Contact').create(contact)).success).toBe(true);
  });

  it('accepts an http website after the admin deactivates the validation rule', async () => {
    const { conn } = sf.connect();
    const account = { Name: 'Plain', Website: 'http://plain.example' };
    expect((await failure(conn.sobject('Account').create(account))).errorCode).toBe(
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    );
    sf.sandbox.control.setValidationRuleActive('Account', 'Website_Must_Be_Https', false);
    expect((await conn.sobject('Account').create(account)).success).toBe(true);
  });

  it.each([
    [
      'Contact',
      'Standard_Contact_Duplicate_Rule',
      { LastName: 'Garcia', Email: 'maria.garcia@northwind.example' },
    ],
    ['Contact', 'Contact_Onboarding', { LastName: 'Young', Title: 'Intern' }],
    ['Account', 'AccountTrigger', { Name: 'Test Account 9' }],
  ])('accepts the write on %s after the admin turns off %s', async (type, rule, body) => {
    const { conn } = sf.connect();
    await failure(conn.sobject(type).create(body));
    sf.sandbox.control.setRuleActive(type, rule, false);
    expect((await conn.sobject(type).create(body)).success).toBe(true);
  });

  it('explains bad control input and lists the valid options', async () => {
    const res = await fetch(`${sf.instanceUrl}/_control/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sf.sandbox.controlToken}` },
      body: JSON.stringify({ object: 'Account', name: 'Nope', active: false }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toBe(
      'No rule "Nope" on Account. Options: Website_Must_Be_Https, AccountTrigger',
    );
  });

  it('resets the org back to the demo data', async () => {
    const { conn } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Temporary' })) as { id: string };
    sf.sandbox.control.setDailyApiLimit(5);
    await fetch(`${sf.instanceUrl}/_control/reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sf.sandbox.controlToken}` },
    });
    expect(() => sf.sandbox.control.record('Account', id)).toThrow(/No Account with id/);
    expect(
      sf.sandbox.control.query("SELECT Id FROM Contact WHERE Email = 'sam.okafor@fabrikam.example'"),
    ).toHaveLength(1);
    expect(sf.sandbox.stats().apiLimit).toBe(15000);
  });

  it('undeletes a record so that query returns it again', async () => {
    const { conn } = sf.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Lazarus' })) as { id: string };
    await conn.sobject('Account').destroy(id);
    sf.sandbox.control.undeleteRecord('Account', id);
    const result = await conn.query(`SELECT Name FROM Account WHERE Id = '${id}'`);
    expect(result.totalSize).toBe(1);
  });
});

describe('the org is kept in the data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sf-sandbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps records, rule changes, usage and sessions across a restart', async () => {
    const first = await startSandbox({ dataDir: dir });
    const { conn } = first.connect();
    const { id } = (await conn.sobject('Account').create({ Name: 'Survivor' })) as { id: string };
    first.sandbox.control.setRuleActive('Account', 'AccountTrigger', false);
    const token = conn.accessToken!;
    await first.close();

    const second = await startSandbox({ dataDir: dir });
    try {
      const again = new Connection({ instanceUrl: second.instanceUrl, accessToken: token, version: VERSION });
      const record = (await again.sobject('Account').retrieve(id)) as { Name: string };
      expect(record.Name).toBe('Survivor');
      expect((await again.sobject('Account').create({ Name: 'Test Account' })).success).toBe(true);
      expect(second.sandbox.stats().apiUsage).toBe(3);
      expect(statSync(join(dir, 'sandbox-salesforce.json')).mode & 0o777).toBe(0o600);
    } finally {
      await second.close();
    }
  });
});
