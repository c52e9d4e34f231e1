import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_LEADS } from '../../../proxy/sandbox/salesforce/lead-demo';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;
const byCrm = new Map(DEMO_LEADS.map((l) => [l.crmId, l]));

describe('the demo Leads (a portal that synced with "create as Leads" before)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const leadErrors = async () =>
    (await h.store.listErrors({ object: 'Lead' }, { limit: 100 })).items.filter((e) => byCrm.has(e.crmId));

  it('records one Lead error per planted change, each in its category, on the default "create as Contacts"', async () => {
    expect((await h.store.recordRules()).contactsCreateAs).toBe('Contact');
    await h.engine.runOnce();
    const errors = await leadErrors();
    expect(errors.map((e) => [e.crmId, e.category]).sort()).toEqual(
      DEMO_LEADS.map((l) => [l.crmId, l.category]).sort(),
    );
    expect(errors.every((e) => e.sfObject === 'Lead')).toBe(true);
    expect(new Set(errors.map((e) => e.code))).toEqual(
      new Set([
        'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        'CANNOT_EXECUTE_FLOW_TRIGGER',
        'PREFLIGHT_PICKLIST',
        'PREFLIGHT_FIELD_NOT_WRITABLE',
        'PREFLIGHT_TOO_LONG',
        'DUPLICATES_DETECTED',
        'ENTITY_IS_LOCKED',
      ]),
    );
  });

  it('links each contact to the Lead its salesforce_id names and creates no Contact twin of it', async () => {
    await h.engine.runOnce();
    for (const l of DEMO_LEADS) {
      expect(await h.store.link('contacts', l.crmId)).toMatchObject({ sfObject: 'Lead', sfId: l.leadId });
      const lookup = await h.store.recordLookup('salesforce', 'Lead', l.leadId);
      expect(lookup.link?.crmId).toBe(l.crmId);
      expect(lookup.openErrors.map((e) => e.category)).toEqual([l.category]);
    }
    const crmIds = new Set(DEMO_LEADS.map((l) => l.crmId));
    expect(h.sf.control.records('Contact').filter((c) => crmIds.has(String(c.HubSpot_Id__c)))).toEqual([]);
    expect(h.sf.control.records('Lead').filter((c) => crmIds.has(String(c.HubSpot_Id__c)))).toHaveLength(
      DEMO_LEADS.length,
    );
  });

  it('names the other Lead behind the Lead duplicate-rule error', async () => {
    await h.engine.runOnce();
    const duplicate = (await leadErrors()).find((e) => e.category === 'duplicates');
    const other = h.sf.control
      .records('Lead')
      .find((r) => r.Email === byCrm.get(duplicate?.crmId as string)?.contact.email && !r.HubSpot_Id__c);
    expect(other).toBeDefined();
    expect(duplicate).toMatchObject({ rule: 'Standard_Lead_Duplicate_Rule', duplicateOf: other?.Id });
  });

  it('resolves a Lead error once the contact is fixed in the CRM and resynced, writing the Lead by Id', async () => {
    await h.engine.runOnce();
    const planted = DEMO_LEADS.find((l) => l.contact.company === 'Unknown');
    const error = (await leadErrors()).find((e) => e.crmId === planted?.crmId);
    expect(error?.category).toBe('custom-code');
    h.hs.control.updateRecord('contacts', planted?.crmId as string, { company: 'Lindqvist Bakery AB' });
    const [outcome] = await h.engine.resync([error?.id as string]);
    expect(outcome).toMatchObject({ outcome: 'resolved' });
    const lead = h.sf.control.records('Lead').find((r) => r.Id === planted?.leadId);
    expect(lead).toMatchObject({ Company: 'Lindqvist Bakery AB', HubSpot_Id__c: planted?.crmId });
    expect(await h.store.link('contacts', planted?.crmId as string)).toMatchObject({
      sfObject: 'Lead',
      stampPending: false,
    });
    const history = (await h.store.recordLookup('hubspot', 'contacts', planted?.crmId as string)).history;
    expect(history.some((r) => r.action === 'linked' && /earlier sync/.test(r.outcome))).toBe(true);
  });

  it('follows a demo Lead converted in Salesforce before its error was fixed: the Contact takes the change', async () => {
    await h.engine.runOnce();
    const planted = DEMO_LEADS.find((l) => l.category === 'picklists');
    const { contactId } = h.sf.control.convertLead(planted?.leadId as string);
    h.hs.control.updateRecord('contacts', planted?.crmId as string, { leadsource: 'Web' });
    h.clock.advance(POLL);
    await h.engine.runOnce();
    h.clock.advance(POLL);
    await h.engine.runOnce();
    expect(await h.store.link('contacts', planted?.crmId as string)).toMatchObject({
      sfObject: 'Contact',
      sfId: contactId,
    });
    expect(h.sf.control.records('Contact').filter((c) => c.HubSpot_Id__c === planted?.crmId)).toHaveLength(1);
    // The Lead's error is resolved by the write to the Contact (the Account the conversion made is not
    // in the CRM, which is an association of its own to fix).
    const open = testDatabase(h.store)
      .prepare(
        `SELECT category FROM errors WHERE crm_id = ? AND status = 'open' AND category != 'associations'`,
      )
      .all(planted?.crmId);
    expect(open).toEqual([]);
  });
});
