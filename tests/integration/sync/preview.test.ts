import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { plantOverlap } from './overlap-seed';
import { type Harness, startHarness } from './sync-harness';

const writes = (h: Harness) => ({ salesforce: h.sf.stats().writes, crm: h.hs.stats().writes });

describe('the dry run before the first sync', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('tells what it would create, link and leave ambiguous, writing nothing to either side', async () => {
    h = await startHarness({ seed: false });
    const overlap = plantOverlap(h.sf, h.hs, {
      contacts: 260,
      companies: 30,
      byName: 5,
      ambiguous: 2,
      newContacts: 4,
    });
    const before = writes(h);
    const preview = await h.engine.preview();

    expect(writes(h)).toEqual(before);
    expect((await h.store.summary()).queueSize).toBe(0);
    expect(testDatabase(h.store).prepare('SELECT COUNT(*) AS n FROM links').get()).toEqual({ n: 0 });
    const contacts = preview.objects.find((o) => o.crmType === 'contacts');
    const companies = preview.objects.find((o) => o.crmType === 'companies');
    expect(companies).toMatchObject({ read: 35, toLink: 35, toCreate: 0, toUpdate: 0, ambiguousCount: 0 });
    expect(contacts).toMatchObject({ read: 266, toLink: 260, toCreate: 4, toUpdate: 0, ambiguousCount: 2 });
    for (const a of contacts?.ambiguous ?? [])
      expect(a.candidates.sort()).toEqual([...(overlap.ambiguousEmails.get(a.value) ?? [])].sort());
    // Companies: one collection for the linked; contacts: one for the new, two for the 260 linked.
    expect(companies?.estimatedCalls).toBe(1);
    expect(contacts?.estimatedCalls).toBe(1 + 2);
    expect(preview.callsSpent).toBe(await h.store.calls24h(h.clock.now));
    expect(preview.required).toBe(false);

    // What it announced is what the sync then does.
    await h.engine.runOnce();
    expect(
      testDatabase(h.store).prepare(`SELECT COUNT(*) AS n FROM history WHERE action = 'match'`).get(),
    ).toEqual({
      n: 295,
    });
  });

  it('counts by category what preflight already knows will fail, from the demo data', async () => {
    h = await startHarness();
    const before = writes(h);
    const preview = await h.engine.preview();
    expect(writes(h)).toEqual(before);
    const companies = preview.objects.find((o) => o.crmType === 'companies');
    const contacts = preview.objects.find((o) => o.crmType === 'contacts');
    // Biotech (4) and the deleted Customer_Tier__c (3) on companies; their contacts wait for them.
    expect(companies?.failing).toMatchObject({ picklists: 4, 'property-mappings': 3 });
    expect(contacts?.failing.associations).toBeGreaterThan(0);
    // Five Contacts with "Podcast"; the demo's Lead contacts (their salesforce_id names a Lead) are counted
    // under Leads, as the push sends them: updates of the Lead they name, one of them with "Podcast" too.
    expect(contacts?.failing.picklists).toBe(5);
    const leads = preview.objects.find((o) => o.sfObject === 'Lead');
    expect(leads).toMatchObject({ crmType: 'contacts', read: 7, toCreate: 0, toLink: 0 });
    expect(leads?.failing.picklists).toBe(1);
    expect(leads!.toUpdate + Object.values(leads!.failing).reduce((n, k) => n + (k ?? 0), 0)).toBe(7);
    expect(preview.estimatedCalls).toBeGreaterThan(0);
  });

  it('holds a newly connected pair until the preview is accepted, then syncs', async () => {
    h = await startHarness({ seed: false, engine: { requirePreviewAcceptance: true } });
    plantOverlap(h.sf, h.hs, { contacts: 20, companies: 5, newContacts: 3 });
    const before = writes(h);
    const held = await h.engine.runOnce();
    expect(held.state).toMatchObject({ state: 'suspended', id: 'awaiting-preview' });
    expect(await h.engine.clearSuspension('awaiting-preview')).toBe(false);
    expect((await h.engine.runOnce()).processed).toBe(0);
    expect(writes(h)).toEqual(before);
    expect(h.sf.stats().requests).toBe(0);

    const preview = await h.engine.preview();
    expect(preview).toMatchObject({ required: true, accepted: false, acceptedAt: null });
    expect(writes(h)).toEqual(before);
    await h.engine.acceptPreview();
    const run = await h.engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    expect(run.processed).toBe(28);
    expect(writes(h).salesforce).toBeGreaterThan(before.salesforce);
    // The Salesforce ids written back to the CRM records.
    expect(writes(h).crm).toBeGreaterThan(before.crm);
    expect(h.sf.control.records('Contact').filter((c) => c.HubSpot_Id__c)).toHaveLength(23);
    expect((await h.engine.preview()).acceptedAt).toBe(new Date(h.clock.now).toISOString());
  });
});
