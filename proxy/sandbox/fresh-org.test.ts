import { describe, expect, it } from 'vitest';
import { freshOrgDefinition, freshPortalProperties, seedFreshUsers, seedOverlappingData } from './fresh-org';
import { createPortalStore, emptyState as emptyPortal } from './hubspot/portal-store';
import { emptyState as emptyOrg } from './salesforce/org-state';

const NOW = Date.UTC(2026, 10, 28, 12);

function targets() {
  const org = emptyOrg(freshOrgDefinition(), 15000);
  seedFreshUsers(org, NOW);
  const portalState = emptyPortal('pat-test');
  portalState.properties = freshPortalProperties();
  const portal = {
    store: createPortalStore(
      () => portalState,
      () => NOW,
    ),
    state: () => portalState,
    associationLimit: 1000,
  };
  return { org, portal, portalState };
}

const live = <T>(table: Record<string, T>): T[] => Object.values(table);

describe('seedOverlappingData', () => {
  it.each([
    [{}, 30, 12],
    [{ contacts: 5000, companies: 1000 }, 5000, 1000],
  ])(
    'plants %j: the expected pairs on both sides, emails differing only in case',
    (options, contacts, companies) => {
      const { org, portal, portalState } = targets();
      const expected = seedOverlappingData({ salesforce: org, portal, now: NOW }, options);
      expect(expected.contacts.byEmail).toBe(contacts);
      expect(expected.companies.byDomain + expected.companies.byName).toBe(companies);

      const sfContacts = live(org.records.Contact).map((r) => String(r.Email));
      const crmContacts = live(portalState.records.contacts).map((r) => r.properties.email);
      expect(sfContacts).toHaveLength(
        contacts + 2 * expected.contacts.ambiguous.length + expected.contacts.salesforceOnly,
      );
      expect(crmContacts).toHaveLength(
        contacts + expected.contacts.ambiguous.length + expected.contacts.crmOnly,
      );
      const crm = new Set(crmContacts);
      const pairs = sfContacts.filter(
        (e) => crm.has(e.toLowerCase()) && !expected.contacts.ambiguous.some((a) => a.email === e),
      );
      expect(pairs).toHaveLength(contacts);
      expect(pairs.every((e) => e !== e.toLowerCase())).toBe(true);

      const sfAccounts = live(org.records.Account) as unknown as Array<{
        Name: string;
        Website: string | null;
      }>;
      const crmDomains = new Set(live(portalState.records.companies).map((r) => r.properties.domain));
      const byDomain = sfAccounts.filter(
        (a) => a.Website && crmDomains.has(new URL(a.Website).host.replace(/^www\./, '')),
      );
      expect(byDomain).toHaveLength(expected.companies.byDomain);
      expect(new Set(sfAccounts.map((a) => a.Name)).size).toBe(sfAccounts.length);
    },
    // 6,000 records through the portal's write rules: seconds on a busy machine.
    30_000,
  );

  it('leaves the sync fields out of a fresh org and portal, and keeps them with syncFields', () => {
    const names = (o: ReturnType<typeof freshOrgDefinition>) => o.objects.Account.fields.map((f) => f.name);
    expect(names(freshOrgDefinition())).not.toContain('HubSpot_Id__c');
    expect(names(freshOrgDefinition({ syncFields: true }))).toEqual(
      expect.arrayContaining(['HubSpot_Id__c', 'Customer_Tier__c']),
    );
    expect(freshPortalProperties().contacts.map((p) => p.name)).not.toContain('salesforce_id');
    expect(freshPortalProperties({ syncFields: true }).contacts.map((p) => p.name)).toContain(
      'salesforce_id',
    );
  });
});
