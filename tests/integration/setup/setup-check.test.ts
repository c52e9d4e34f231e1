import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import type { SetupApplyResponse, SetupResponse } from '../../../shared/api/setup';
import { useSetupProxy } from './setup-proxy';

const MISSING = [
  'external-id:Account.HubSpot_Id__c',
  'external-id:Contact.HubSpot_Id__c',
  'external-id:Opportunity.HubSpot_Id__c',
  'mapped-field:Account.Customer_Tier__c',
  'salesforce-id-property:companies',
  'salesforce-id-property:contacts',
  'salesforce-id-property:deals',
];
const PLANNED = [
  'create-field:Account.HubSpot_Id__c',
  'create-field:Contact.HubSpot_Id__c',
  'create-field:Opportunity.HubSpot_Id__c',
  'create-field:Account.Customer_Tier__c',
  'permission-set:Sync_Health_Integration',
  'assign-permission-set:Sync_Health_Integration',
  'create-property:companies.salesforce_id',
  'create-property:contacts.salesforce_id',
  'create-property:deals.salesforce_id',
];

describe('the setup check and "Create missing fields" on a fresh org and portal', () => {
  const env = useSetupProxy({ freshOrg: true });

  it('lists exactly the missing fields and property, each with its fix, and the actions it would take', async () => {
    const res = await env.api('/setup');
    expect(res.status).toBe(200);
    const setup = res.json as SetupResponse;
    expect(setup.ready).toBe(false);
    const problems = setup.items.filter((i) => !i.ok);
    expect(problems.map((i) => i.id).sort()).toEqual([...MISSING].sort());
    for (const p of problems) {
      expect(p.fix).toMatch(/Create missing fields/);
      expect(p.fixedBy.length).toBeGreaterThan(0);
    }
    expect(setup.items.find((i) => i.id === 'daily-limit')).toMatchObject({
      ok: true,
      title: expect.stringContaining('15,000'),
    });
    expect(setup.planned.map((a) => a.id)).toEqual(PLANNED);
  });

  it('reads without writing: describe is unchanged and no field, set or property appears', async () => {
    const sf = env.proxy.sandboxes.salesforce;
    const before = JSON.stringify(sf.control.query('SELECT Id FROM PermissionSet'));
    await env.api('/setup');
    await env.api('/setup');
    expect(JSON.stringify(sf.control.query('SELECT Id FROM PermissionSet'))).toBe(before);
    expect((await env.api('/setup')).json.planned).toHaveLength(PLANNED.length);
  });

  it('creates every planned item, reports each result, and a second apply creates nothing', async () => {
    const first = (await env.api('/setup/apply', { method: 'POST', body: {} })).json as SetupApplyResponse;
    expect(first.results.map((r) => [r.id, r.outcome])).toEqual(
      PLANNED.map((id) => [id, id.startsWith('assign') ? 'assigned' : 'created']),
    );
    expect(first.after.ready).toBe(true);
    expect(first.after.items.every((i) => i.ok)).toBe(true);

    // The fields are in describe, as the integration user, with the access the sync needs.
    const session = env.proxy.sandboxes.salesforce.issueSession();
    const conn = new Connection({
      instanceUrl: `${env.proxy.proxy.url}/sandbox/salesforce`,
      accessToken: session.accessToken,
      version: '62.0',
    });
    const contact = (await conn.sobject('Contact').describe()).fields.find((f) => f.name === 'HubSpot_Id__c');
    expect(contact).toMatchObject({ externalId: true, unique: true, createable: true, updateable: true });
    const tier = (await conn.sobject('Account').describe()).fields.find((f) => f.name === 'Customer_Tier__c');
    expect(tier?.picklistValues?.map((v) => v.value)).toEqual(['Gold', 'Silver', 'Bronze']);
    const property = await fetch(
      `${env.proxy.proxy.url}/sandbox/hubspot/crm/v3/properties/deals/salesforce_id`,
      {
        headers: { authorization: `Bearer ${env.proxy.sandboxes.hubspot.accessToken}` },
      },
    );
    expect(await property.json()).toMatchObject({ name: 'salesforce_id', hasUniqueValue: true });
    const check = (await env.api('/setup')).json as SetupResponse;
    expect(check.ready).toBe(true);
    expect(check.planned).toEqual([]);

    const second = (await env.api('/setup/apply', { method: 'POST', body: {} })).json as SetupApplyResponse;
    expect(second.results).toEqual([]);
    expect(second.after.ready).toBe(true);
  });

  it('spends no Salesforce call when Settings opens again: the last check is kept until asked again or fields are created', async () => {
    const sfCalls = () => env.proxy.sandboxes.salesforce.stats().requests;
    let before = sfCalls();
    const first = (await env.api('/setup')).json as SetupResponse;
    const firstOpen = sfCalls() - before;
    before = sfCalls();
    const second = (await env.api('/setup')).json as SetupResponse;
    const nextOpen = sfCalls() - before;
    process.stdout.write(
      `[figure] setup check: ${firstOpen} Salesforce calls on the first Settings open, ${nextOpen} on the next (each open cost ${firstOpen} before)\n`,
    );
    expect(firstOpen).toBeGreaterThan(5);
    expect(nextOpen).toBe(0);
    expect(second).toEqual(first);

    // "Check again" asks the org anew, and says when.
    before = sfCalls();
    const again = (await env.api('/setup?refresh=true')).json as SetupResponse;
    expect(sfCalls() - before).toBeGreaterThan(5);
    expect(Date.parse(again.checkedAt)).toBeGreaterThanOrEqual(Date.parse(first.checkedAt));
    expect((await env.api('/setup?refresh=yes')).status).toBe(400);

    // Creating the fields keeps the answer it ends with: the next open is free and says ready.
    await env.api('/setup/apply', { method: 'POST', body: {} });
    before = sfCalls();
    expect(((await env.api('/setup')).json as SetupResponse).ready).toBe(true);
    expect(sfCalls() - before).toBe(0);
  });

  it('lets the sync write once the fields exist: the first run links records instead of suspending', async () => {
    const blocked = await env.proxy.sync.engine.runOnce();
    expect(blocked.state).toMatchObject({ state: 'suspended' });
    await env.api('/setup/apply', { method: 'POST', body: {} });
    // The fresh org stands for an admin's own pair: its first write waits for the accepted preview.
    expect((await env.proxy.sync.engine.runOnce()).state).toMatchObject({ id: 'awaiting-preview' });
    await env.api('/sync/accept-preview', { method: 'POST', body: {} });
    const run = await env.proxy.sync.engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    expect(run.processed).toBeGreaterThan(0);
  });

  it.each([
    [
      { actions: ['create-field:Nope.X__c'] },
      'Not planned: create-field:Nope.X__c. Planned actions: create-field:Account.HubSpot_Id__c',
    ],
    [{ actions: [] }, '"actions" must be at least 1 items'],
    [{ everything: true }, 'unknown field "everything"'],
  ])('refuses %j with a 400 saying what to change, and writes nothing', async (body, message) => {
    const res = await env.api('/setup/apply', { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
    expect((await env.api('/setup')).json.planned).toHaveLength(PLANNED.length);
  });

  it('takes only the named actions when given some', async () => {
    const res = (
      await env.api('/setup/apply', {
        method: 'POST',
        body: { actions: ['create-property:contacts.salesforce_id'] },
      })
    ).json as SetupApplyResponse;
    expect(res.results.map((r) => [r.id, r.outcome])).toEqual([
      ['create-property:contacts.salesforce_id', 'created'],
    ]);
    expect(res.after.items.find((i) => i.id === 'salesforce-id-property:contacts')?.ok).toBe(true);
    expect(res.after.planned).toHaveLength(PLANNED.length - 1);
  });
});
