import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUPLICATE_EMAILS } from '../../../proxy/sandbox/salesforce/demo-seed';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

describe('first sync of the demo data', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('surfaces every planted problem under its category while the clean records sync', async () => {
    const run = await h.engine.runOnce();
    expect(run.failure).toBeUndefined();
    const counts = Object.fromEntries(
      (await h.store.summary()).categories.map((c) => [c.category, c.openErrors]),
    );
    for (const category of [
      'associations',
      'custom-code',
      'duplicates',
      'permissions',
      'picklists',
      'property-mappings',
      'property-values',
    ]) {
      expect(counts[category], category).toBeGreaterThan(0);
    }
    expect((await h.store.summary()).queueSize).toBe(0);
    const synced = testDatabase(h.store)
      .prepare(`SELECT COUNT(*) AS n FROM links WHERE sf_id IS NOT NULL`)
      .get() as {
      n: number;
    };
    expect(synced.n).toBeGreaterThan(300);
    // The seeded duplicates carry the ids of former CRM records: only the sync's own links count here.
    const former = new Set(DUPLICATE_EMAILS);
    expect(
      h.sf.control.records('Contact').filter((r) => r.HubSpot_Id__c && !former.has(String(r.Email))).length,
    ).toBe(
      (
        testDatabase(h.store)
          .prepare(
            `SELECT COUNT(*) AS n FROM links WHERE crm_type = 'contacts' AND sf_object = 'Contact' AND sf_id IS NOT NULL`,
          )
          .get() as { n: number }
      ).n,
    );
  });

  it.each([
    ['picklists', 'PREFLIGHT_PICKLIST', 'Industry', 'Biotech'],
    ['picklists', 'PREFLIGHT_PICKLIST', 'LeadSource', 'Podcast'],
    ['permissions', 'PREFLIGHT_FIELD_NOT_WRITABLE', 'MobilePhone', undefined],
    ['property-mappings', 'PREFLIGHT_FIELD_MISSING', 'Customer_Tier__c', undefined],
    ['property-values', 'PREFLIGHT_TOO_LONG', 'Title', undefined],
    ['property-values', 'PREFLIGHT_REQUIRED', 'LastName', undefined],
  ])('records %s %s on %s from describe', async (category, code, field, value) => {
    await h.engine.runOnce();
    const rows = (await h.store.listErrors({ category: category as 'picklists' })).items.filter(
      (e) => e.field === field,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ code, ...(value ? { value } : {}) });
  });

  it.each([
    ['custom-code', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', /https/],
    ['custom-code', 'CANNOT_EXECUTE_FLOW_TRIGGER', /Contact.Onboarding|Contact_Onboarding/],
    ['custom-code', 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', /AccountTrigger/],
    ['duplicates', 'DUPLICATES_DETECTED', /./],
  ])('records %s %s as Salesforce rejected it', async (category, code, message) => {
    await h.engine.runOnce();
    const rows = (await h.store.listErrors({ category: category as 'duplicates' })).items.filter(
      (e) => e.code === code,
    );
    expect(rows.some((r) => message.test(r.message))).toBe(true);
  });

  it('names the blocking company on the contacts it holds back', async () => {
    await h.engine.runOnce();
    const held = (await h.store.listErrors({ category: 'associations' })).items[0];
    const company = await h.store.recordLookup('hubspot', 'companies', held.blockingId as string);
    expect(company.synced).toBe(false);
    expect(company.openErrors.length).toBeGreaterThan(0);
    expect(held.message).toContain(company.link?.name as string);
    expect((await h.store.getError(held.id))?.affected.length).toBeGreaterThan(0);
  });

  it('spends no call on records that preflight rejects: one Composite call for every describe plus one collection (≤ 200) or Composite call (≤ 1,000) per write', async () => {
    await h.engine.runOnce();
    const written = (type: string) =>
      (
        testDatabase(h.store)
          .prepare(`SELECT COUNT(*) AS n FROM history WHERE crm_type = ? AND action = 'upsert'`)
          .get(type) as { n: number }
      ).n;
    // Each new duplicate-rule error costs one call more: the record alone, asking the rule what it matched.
    const duplicates = (await h.store.listErrors({ category: 'duplicates' })).items.filter(
      (e) => e.code === 'DUPLICATES_DETECTED',
    ).length;
    expect(duplicates).toBeGreaterThan(0);
    // Records linked to the Salesforce record they match go out as an update by Id, a call of their own.
    const matched = (type: string) =>
      (
        testDatabase(h.store)
          .prepare(`SELECT COUNT(*) AS n FROM history WHERE crm_type = ? AND action = 'match'`)
          .get(type) as { n: number }
      ).n;
    expect(matched('companies')).toBeGreaterThan(0);
    // Matching reads once per batch of unlinked records and key: companies by host then name (100, one
    // batch), contacts by email (300, two batches of 200); deals have no key.
    const matchingQueries = 2 + 2;
    // One collection up to 200 records, else Composite bundles of 1,000 (below the Bulk threshold).
    const writeCalls = (n: number) => (n === 0 ? 0 : n <= 200 ? 1 : Math.ceil(n / 1000));
    // The three objects' describes ride in one Composite call. The demo's Leads (contacts linked to a Lead
    // by their salesforce_id) cost the Lead describe and one update by Id for the four that reach Salesforce.
    const leads = 2;
    const expected =
      1 +
      leads +
      ['companies', 'contacts', 'deals'].reduce(
        (n, t) => n + writeCalls(written(t) - matched(t)) + writeCalls(matched(t)),
        0,
      ) +
      matchingQueries +
      duplicates;
    // The run's poll costs no call of its own: it rides in the first write of at most 200 records (the
    // companies' create), which goes as a Composite call instead of a collection; it was one call more.
    expect(h.sf.stats().requests).toBe(expected - 1);
    expect(h.sf.requestLog().at(-1)).not.toBe('POST composite');
  });

  it('names the existing Salesforce record, the rule and the shared value behind each duplicate-rule error', async () => {
    await h.engine.runOnce();
    // The Contacts' (the demo's Lead duplicate is demo-leads.test.ts's).
    const duplicates = (await h.store.listErrors({ category: 'duplicates', object: 'Contact' })).items.filter(
      (e) => e.code === 'DUPLICATES_DETECTED',
    );
    expect(duplicates.length).toBeGreaterThan(0);
    const contacts = h.sf.control.records('Contact');
    for (const e of duplicates) {
      expect(e).toMatchObject({ rule: 'Standard_Contact_Duplicate_Rule', field: 'Email', sfId: null });
      const existing = contacts.find((c) => c.Id === e.duplicateOf);
      expect(existing, `the Contact ${e.duplicateOf} that error ${e.id} names`).toBeDefined();
      expect(String(existing?.Email).toLowerCase()).toBe(e.value?.toLowerCase());
      expect(existing?.HubSpot_Id__c ?? null).not.toBe(e.crmId);
    }
    // Known once, kept: a resync spends the upsert only (the match found nothing an hour ago for the same
    // email, and that is remembered), and the error still names the other copy (a Contact that belongs to
    // another CRM id is never matched).
    const before = h.sf.stats().requests;
    const [outcome] = await h.engine.resync([duplicates[0]!.id]);
    expect(outcome).toMatchObject({ outcome: 'failing' });
    expect(h.sf.stats().requests - before).toBe(1);
    expect((await h.store.getError(duplicates[0]!.id))?.error).toMatchObject({
      duplicateOf: duplicates[0]!.duplicateOf,
      value: duplicates[0]!.value,
      summary: 'Matches an existing Contact on Email (duplicate rule Standard_Contact_Duplicate_Rule)',
      occurrences: 2,
    });
  });

  it("counts exactly the calls the sandbox served in the meter's 24-hour figure", async () => {
    await h.engine.runOnce();
    expect(await h.store.calls24h(h.clock.now)).toBe(h.sf.stats().requests);
    expect((await h.store.usage(h.clock.now)).org).toMatchObject({
      used: h.sf.stats().apiUsage,
      limit: 15000,
    });
  });

  it('records the approval-locked deal under other when it is updated after its first sync', async () => {
    await h.engine.runOnce();
    const ids = (
      testDatabase(h.store)
        .prepare(`SELECT crm_id FROM links WHERE crm_type = 'deals' AND sf_id IS NOT NULL`)
        .all() as {
        crm_id: string;
      }[]
    ).map((l) => l.crm_id);
    // Touch every synced deal: the one in Negotiation/Review over 1,000,000 is now approval-locked.
    for (const id of ids) h.hs.control.updateRecord('deals', id, { dealname: `${id} renewed` });
    h.clock.advance(1000);
    await h.engine.runOnce();
    // Deals only: the demo's Lead approval lock is there from the first sync (demo-leads.test.ts).
    const other = (await h.store.listErrors({ category: 'other', object: 'Opportunity' })).items;
    expect(other.map((e) => e.code)).toEqual(['ENTITY_IS_LOCKED']);
    expect(other[0].crmType).toBe('deals');
  });

  it('suspends with the object named when the integration user may no longer create or edit it', async () => {
    h.sf.control.setObjectPermission('Contact', { create: false, edit: false });
    const run = await h.engine.runOnce();
    expect(run.state).toMatchObject({
      state: 'suspended',
      id: 'object-permission:Contact',
      action: expect.stringContaining('Contact'),
    });
    expect((await h.store.summary()).categories.find((c) => c.category === 'permissions')?.openErrors).toBe(
      0,
    );
  });

  it('keeps the Salesforce id on the synced CRM record', async () => {
    await h.engine.runOnce();
    const link = testDatabase(h.store)
      .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'companies' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string; sf_id: string };
    const res = await fetch(
      `${h.hubspotUrl}/crm/v3/objects/companies/${link.crm_id}?properties=salesforce_id`,
      {
        headers: { authorization: `Bearer ${h.hs.accessToken}` },
      },
    );
    const body = (await res.json()) as { properties: Record<string, string> };
    expect(body.properties.salesforce_id).toBe(link.sf_id);
  });

  it('validates the default mapping against the demo org: the deleted Customer_Tier__c and the read-only MobilePhone', async () => {
    const problems = await h.engine.validateMappings();
    expect(problems.map((p) => [p.property, p.problem])).toEqual([
      ['customer_tier', 'field-missing'],
      ['mobilephone', 'not-writable'],
    ]);
  });

  it('does not sync again what has not changed', async () => {
    await h.engine.runOnce();
    const before = h.sf.stats().requests;
    const second = await h.engine.runOnce();
    expect(second.queuedFromCrm).toBe(0);
    expect(h.sf.stats().requests).toBe(before);
  });
});
