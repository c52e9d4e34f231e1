/**
 * Two replicas of `sync-health serve --database` on one PostgreSQL, both connected to one standalone sandbox
 * org and portal (`sync-health sandbox`): the lock holder is killed with SIGKILL in the middle of a sync (at the
 * named point SYNC_CRASH_AT=after-batch-committed:companies: companies sent and stored, contacts not yet), the
 * other replica takes the lock and finishes. Nothing is lost (every CRM contact that a sync without a crash
 * links is linked, its Salesforce id written back) and nothing is sent twice (the org counts the same record
 * writes as for that uninterrupted sync, and holds no twin).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../../../shared/api/status';
import {
  api,
  cleanUp,
  connectedDataDir,
  control,
  drainedAfter,
  dropDatabases,
  leaderAndStandby,
  newDatabase,
  portalContacts,
  type SandboxFacts,
  startSandbox,
  startServe,
} from './replica-harness';

const EXTRA_CONTACTS = 250;

afterEach(cleanUp);
afterAll(dropDatabases);

/** Adds contacts through HubSpot's batch create (100 a call), the same ones in every portal. */
async function addContacts(facts: SandboxFacts, n: number): Promise<void> {
  for (let i = 0; i < n; i += 100) {
    const inputs = Array.from({ length: Math.min(100, n - i) }, (_, k) => ({
      properties: {
        email: `replica-${i + k}@example.org`,
        firstname: 'Rep',
        lastname: `Lica ${i + k}`,
      },
    }));
    const res = await fetch(`${facts.hubspotBaseUrl}/crm/v3/objects/contacts/batch/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${facts.hubspotToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs }),
    });
    expect(res.status).toBe(201);
  }
}

/** Every CRM contact's salesforce_id property (null when none was written back), by contact id. */
async function crmSalesforceIds(facts: SandboxFacts): Promise<Map<string, string | null>> {
  const contacts = await portalContacts(facts, ['salesforce_id', 'email']);
  return new Map(contacts.map((c) => [c.id, c.properties.salesforce_id || null]));
}

/** What the org holds after a sync: its record-write counter and the sync's Contacts by external id. */
async function orgAfterSync(facts: SandboxFacts) {
  const stats = await control<{ writes: number }>(facts.instanceUrl, facts.controlToken, '/stats');
  const { records } = await control<{ records: Record<string, unknown>[] }>(
    facts.instanceUrl,
    facts.controlToken,
    '/records/Contact',
  );
  const byExternalId = new Map<string, number>();
  for (const r of records) {
    const id = r.HubSpot_Id__c as string | null;
    if (id) byExternalId.set(id, (byExternalId.get(id) ?? 0) + 1);
  }
  return { writes: stats.writes, byExternalId };
}

/** Accepts the preview (a connected pair's first write waits for it) and runs a sync, through `url`. */
async function acceptAndRun(url: string, token: string) {
  await api(url, token, '/sync/accept-preview', { method: 'POST' });
  return await api<{ processed: number; failure?: string }>(url, token, '/sync/run', { method: 'POST' });
}

describe('two replicas on one PostgreSQL database', () => {
  it('lets the standby take over from a leader killed mid-sync: nothing lost, nothing sent twice', {
    timeout: 400_000,
  }, async () => {
    const t0 = Date.now();
    const step = (what: string) =>
      console.log(`[failover] ${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
    // The reference: the same data synced by one replica that is never killed.
    const reference = await startSandbox();
    await addContacts(reference.facts, EXTRA_CONTACTS);
    const one = await connectedDataDir(reference.facts);
    step('reference sandbox ready');
    const solo = await startServe(one.dataDir, { name: 'solo', database: await newDatabase() });
    await solo.waitFor('runs the sync');
    await acceptAndRun(solo.url, one.token);
    step('reference synced');
    const expected = await orgAfterSync(reference.facts);
    const expectedIds = await crmSalesforceIds(reference.facts);

    const { facts } = await startSandbox();
    await addContacts(facts, EXTRA_CONTACTS);
    const database = await newDatabase();
    const { leader, standby, token } = await leaderAndStandby(
      facts,
      database,
      'after-batch-committed:companies',
    );
    step('two replicas up');

    // An admin's token sees the replicas' names; a status without a token does not.
    const statusOfB = await api<StatusResponse>(standby.url, token, '/status');
    const anonymous = await (await fetch(`${standby.url}/api/v1/status`)).text();
    expect(anonymous).not.toContain('replica-a');
    expect((statusOfB as StatusResponse).replica).toMatchObject({
      replica: 'replica-b',
      role: 'standby',
      leader: { replica: 'replica-a' },
    });
    expect((statusOfB as StatusResponse).replica?.summary).toContain(
      'The sync runs on replica replica-a since',
    );

    // Accepted on the standby, carried out by the leader; the leader's next scheduled run dies in the middle.
    await api(standby.url, token, '/sync/accept-preview', { method: 'POST' });
    const killed = await leader.exited;
    expect(killed.signal).toBe('SIGKILL');
    step('leader killed');
    const tookOver = await standby.waitFor(
      'This replica (replica-b) now runs the sync; it ran on replica-a before.',
      120_000,
    );
    console.log(
      `[figure] failover: ${(tookOver - killed.at).toLocaleString('en-US')} ms from the kill to the standby running the sync (lock retried every 2 s)`,
    );
    // The standby's own schedule finishes the sync: wait until a run after the takeover emptied the queue.
    await drainedAfter(standby.url, token, tookOver);
    step('standby finished the sync');

    const status = await api<StatusResponse>(standby.url, token, '/status');
    expect(status.replica).toMatchObject({ role: 'leader', leader: { replica: 'replica-b' } });

    const got = await orgAfterSync(facts);
    const ids = await crmSalesforceIds(facts);
    // Nothing lost: the contacts the uninterrupted sync linked are linked here too, ids written back.
    const linked = (m: Map<string, string | null>) =>
      [...m]
        .filter(([, sf]) => sf)
        .map(([id]) => id)
        .sort();
    expect(linked(ids).length).toBeGreaterThanOrEqual(EXTRA_CONTACTS);
    expect(linked(ids)).toEqual(linked(expectedIds));
    // Nothing sent twice: no twin in the org, and the same number of record writes.
    expect([...got.byExternalId.values()].filter((n) => n > 1)).toEqual([]);
    expect(got.byExternalId.size).toBe(expected.byExternalId.size);
    expect(got.writes).toBe(expected.writes);
  });
});
