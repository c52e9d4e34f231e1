/**
 * Salesforce → HubSpot creates across a leader handover: two replicas of `sync-health serve --database` on one
 * PostgreSQL, connected to one standalone sandbox org and portal. The first sync copies the contacts only
 * Salesforce holds; the leader is killed with SIGKILL at SYNC_CRASH_AT=after-crm-create-sent:contacts (HubSpot
 * answered the first batch of creates, nothing of it is stored). The standby takes over and finishes: every
 * Salesforce contact has exactly one HubSpot contact (no twin), linked both ways.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  api,
  cleanUp,
  control,
  drainedAfter,
  dropDatabases,
  leaderAndStandby,
  newDatabase,
  portalContacts,
  startSandbox,
} from './replica-harness';

/** Contacts made in Salesforce only, more than one HubSpot batch (100) so the crash leaves work behind. */
const SALESFORCE_ONLY = 150;

afterEach(cleanUp);
afterAll(dropDatabases);

describe('Salesforce contacts copied to HubSpot while the leader dies', () => {
  it('creates each Salesforce contact once in HubSpot when the standby takes over a half-done batch', {
    timeout: 400_000,
  }, async () => {
    const { facts } = await startSandbox();
    const made: string[] = [];
    for (let i = 0; i < SALESFORCE_ONLY; i++) {
      const { Id } = await control<{ Id: string }>(
        facts.instanceUrl,
        facts.controlToken,
        '/records/Contact',
        {
          method: 'POST',
          body: JSON.stringify({
            fields: { FirstName: 'Only', LastName: `Salesforce ${i}`, Email: `sf-only-${i}@example.org` },
          }),
        },
      );
      made.push(Id);
    }
    const database = await newDatabase('creates');
    const { leader, standby, token } = await leaderAndStandby(
      facts,
      database,
      'after-crm-create-sent:contacts',
    );

    // Asked on the standby: the first sync copies what only Salesforce holds; the leader's run dies in it.
    await api(standby.url, token, '/settings/salesforce-calls', {
      method: 'PUT',
      body: JSON.stringify({ copyExistingToCrm: true }),
    });
    await api(standby.url, token, '/sync/accept-preview', { method: 'POST' });
    const killed = await leader.exited;
    expect(killed.signal).toBe('SIGKILL');
    // HubSpot already holds the first batch the leader sent: the standby must find them, not make twins.
    const sentBeforeTheKill = (await portalContacts(facts, ['email'])).filter((c) =>
      c.properties.email?.startsWith('sf-only-'),
    );
    expect(sentBeforeTheKill.length).toBeGreaterThan(0);

    const tookOver = await standby.waitFor('This replica (replica-b) now runs the sync', 120_000);
    await drainedAfter(standby.url, token, tookOver);

    const contacts = await portalContacts(facts, ['email', 'salesforce_id']);
    const byEmail = new Map<string, string[]>();
    for (const c of contacts) {
      const email = c.properties.email;
      if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), c.id]);
    }
    // No twin: one HubSpot contact per Salesforce contact, and no two contacts name one Salesforce record.
    const twins = [...byEmail].filter(([, ids]) => ids.length > 1);
    expect(twins).toEqual([]);
    const bySalesforceId = new Map<string, number>();
    for (const c of contacts) {
      const sf = c.properties.salesforce_id;
      if (sf) bySalesforceId.set(sf, (bySalesforceId.get(sf) ?? 0) + 1);
    }
    expect([...bySalesforceId].filter(([, n]) => n > 1)).toEqual([]);
    // Nothing lost: each one is in HubSpot with its Salesforce id, and Salesforce holds its HubSpot id.
    const { records } = await control<{ records: Record<string, unknown>[] }>(
      facts.instanceUrl,
      facts.controlToken,
      '/records/Contact',
    );
    const sfById = new Map(records.map((r) => [String(r.Id), r]));
    for (const [i, sfId] of made.entries()) {
      const ids = byEmail.get(`sf-only-${i}@example.org`) ?? [];
      expect(ids, `sf-only-${i}@example.org`).toHaveLength(1);
      const contact = contacts.find((c) => c.id === ids[0]);
      expect(contact?.properties.salesforce_id).toBe(sfId);
      expect(sfById.get(sfId)?.HubSpot_Id__c).toBe(ids[0]);
    }
  });
});
