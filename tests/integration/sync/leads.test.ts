import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

describe('CRM contacts as Salesforce Leads', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
  });
  afterEach(() => h.close());

  const crmContact = (props: Record<string, string>, company?: string) =>
    h.hs.control.createRecord('contacts', props, company ? [{ objectType: 'companies', id: company }] : []);

  /** Runs once, then again after the Salesforce poll is due (stamps and write-backs settle). */
  async function runAndPoll(): Promise<void> {
    await h.engine.runOnce();
    h.clock.advance(POLL);
    await h.engine.runOnce();
  }

  it('creates new CRM contacts as Leads when the setting says Leads, with Company from the contact or its company', async () => {
    await h.store.setRecordRules({ contactsCreateAs: 'Lead' });
    const company = h.hs.control.createRecord('companies', { name: 'Orbit Labs' });
    const own = crmContact({
      firstname: 'Ada',
      lastname: 'Own',
      email: 'ada@own.example',
      company: 'Own Co',
    });
    const viaCompany = crmContact({ firstname: 'Bo', lastname: 'Assoc', email: 'bo@orbit.example' }, company);
    await runAndPoll();

    const leads = h.sf.control.records('Lead');
    expect(leads).toHaveLength(2);
    expect(h.sf.control.records('Contact')).toHaveLength(0);
    const byCrm = new Map(leads.map((l) => [String(l.HubSpot_Id__c), l]));
    expect(byCrm.get(own)).toMatchObject({ LastName: 'Own', Company: 'Own Co', Email: 'ada@own.example' });
    expect(byCrm.get(viaCompany)).toMatchObject({ LastName: 'Assoc', Company: 'Orbit Labs' });
    expect(await h.store.link('contacts', own)).toMatchObject({ sfObject: 'Lead', sfId: byCrm.get(own)?.Id });
    expect((await h.store.summary()).categories.every((c) => c.openErrors === 0)).toBe(true);
  });

  it('keeps creating Contacts when the setting says Contacts', async () => {
    crmContact({ lastname: 'Plain', email: 'plain@contact.example' });
    await runAndPoll();
    expect(h.sf.control.records('Lead')).toHaveLength(0);
    expect(h.sf.control.records('Contact')).toHaveLength(1);
  });

  it('follows a conversion: the link moves to the new Contact, no duplicate anywhere, history says converted', async () => {
    await h.store.setRecordRules({ contactsCreateAs: 'Lead' });
    const crmId = crmContact({
      firstname: 'Cy',
      lastname: 'Convert',
      email: 'cy@convert.example',
      company: 'Conv Inc',
    });
    await runAndPoll();
    const [lead] = h.sf.control.records('Lead');
    const converted = h.sf.control.convertLead(lead.Id);

    h.clock.advance(POLL);
    await h.engine.runOnce();
    h.clock.advance(1000);
    await h.engine.runOnce();

    expect(await h.store.link('contacts', crmId)).toMatchObject({
      sfObject: 'Contact',
      sfId: converted.contactId,
    });
    const contacts = h.sf.control.records('Contact').filter((c) => !c.IsDeleted);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ Id: converted.contactId, HubSpot_Id__c: crmId });
    // One CRM contact, now pointing at the Contact.
    const crm = await fetch(
      `${h.hubspotUrl}/crm/v3/objects/contacts?limit=100&properties=email,salesforce_id`,
      {
        headers: { authorization: `Bearer ${h.hs.accessToken}` },
      },
    ).then((r) => r.json() as Promise<{ results: { id: string; properties: Record<string, string> }[] }>);
    expect(crm.results.filter((r) => r.properties.email === 'cy@convert.example')).toHaveLength(1);
    expect(crm.results.find((r) => r.id === crmId)?.properties.salesforce_id).toBe(converted.contactId);
    const seen = await h.store.recordLookup('hubspot', 'contacts', crmId);
    expect(seen.history.map((x) => x.action)).toContain('converted');
    // Looked up from the Contact's record page, the same CRM contact.
    expect((await h.store.recordLookup('salesforce', 'Contact', converted.contactId)).link?.crmId).toBe(
      crmId,
    );

    // A later CRM edit goes to the Contact; the converted lead is never written again.
    const leadBefore = h.sf.control.record('Lead', lead.Id).SystemModstamp;
    h.clock.advance(1000);
    h.hs.control.updateRecord('contacts', crmId, { jobtitle: 'CTO' });
    await h.engine.runOnce();
    expect(h.sf.control.record('Contact', converted.contactId).Title).toBe('CTO');
    expect(h.sf.control.record('Lead', lead.Id).SystemModstamp).toBe(leadBefore);
    expect((await h.store.summary()).categories.every((c) => c.openErrors === 0)).toBe(true);
  });

  it('a CRM edit pushed to a lead converted since the last poll moves to its Contact instead of failing', async () => {
    await h.store.setRecordRules({ contactsCreateAs: 'Lead' });
    const crmId = crmContact({ lastname: 'Race', email: 'race@convert.example', company: 'Race Co' });
    await runAndPoll();
    const [lead] = h.sf.control.records('Lead');
    const converted = h.sf.control.convertLead(lead.Id);
    h.clock.advance(1000);
    h.hs.control.updateRecord('contacts', crmId, { jobtitle: 'Founder' });
    await h.engine.runOnce();
    await h.engine.runOnce();

    expect(await h.store.link('contacts', crmId)).toMatchObject({
      sfObject: 'Contact',
      sfId: converted.contactId,
    });
    expect(h.sf.control.record('Contact', converted.contactId)).toMatchObject({
      Title: 'Founder',
      HubSpot_Id__c: crmId,
    });
    expect((await h.store.summary()).categories.every((c) => c.openErrors === 0)).toBe(true);
  });
});
