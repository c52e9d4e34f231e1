import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUPLICATE_EMAILS } from '../../../proxy/sandbox/salesforce/demo-seed';
import { openStore, testDatabase } from '../../../proxy/store/index';
import { crmRecords, linkedCount, spawnEngine, waitUntil } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

describe('crash safety', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-'));
    // More contacts than the demo, so that kills land in the middle of the Contact collections.
    const companies = [1, 2, 3].map((n) =>
      h.hs.control.createRecord('companies', { name: `Crash Holdings ${n}`, industry: 'Energy' }),
    );
    for (let i = 0; i < 1500; i++) {
      h.hs.control.createRecord(
        'contacts',
        { firstname: `Kim${i}`, lastname: 'Crash', email: `kim${i}@crash.example` },
        [{ objectType: 'companies', id: companies[i % 3] }],
      );
    }
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs every record exactly once after being killed with SIGKILL at random points and restarted', async () => {
    const storeFile = join(dir, 'store.db');
    const progress: number[] = [];
    const plan: string[] = [];
    // Alternate kills: after a random delay (lands anywhere, often in the CRM pull), and once a random
    // number of records is linked (lands inside the Salesforce writes).
    for (let k = 0; k < 6; k++) {
      // Collections of 200: the kills need many write boundaries to land between (bulk-crash.test.ts
      // covers the Bulk path's own crash points).
      const run = spawnEngine(h, storeFile, { SYNC_STRATEGY: 'collections' });
      await run.ready;
      if (k % 2 === 0) {
        const delay = Math.floor(Math.random() * 800);
        plan.push(`${delay}ms`);
        await new Promise((r) => setTimeout(r, delay));
      } else {
        const target = (await linkedCount(storeFile)) + 50 + Math.floor(Math.random() * 300);
        plan.push(`>=${target} linked`);
        await waitUntil(async () => (await linkedCount(storeFile)) >= target, run.exit);
      }
      run.child.kill('SIGKILL');
      await run.exit;
      progress.push(await linkedCount(storeFile));
    }
    // The kills must land mid-sync, not before it starts or after it ends, for the test to mean anything.
    expect(
      progress.some((n) => n > 0 && n < 1800),
      `plan ${plan.join(', ')}; linked ${progress.join(',')}`,
    ).toBe(true);
    const last = spawnEngine(h, storeFile);
    expect(await last.exit, `plan ${plan.join(', ')}`).toBe(0);

    const store = openStore(storeFile);
    try {
      for (const [crmType, sfObject] of [
        ['companies', 'Account'],
        ['contacts', 'Contact'],
        ['deals', 'Opportunity'],
      ] as const) {
        // The demo's seeded duplicates carry ids of former CRM records: only the sync's own count here.
        const inOrg = h.sf.control
          .records(sfObject)
          .filter((r) => r.HubSpot_Id__c && !DUPLICATE_EMAILS.includes(String(r.Email)));
        const byCrmId = new Map(inOrg.map((r) => [String(r.HubSpot_Id__c), String(r.Id)]));
        expect(byCrmId.size, `${sfObject} duplicates`).toBe(inOrg.length);
        const links = testDatabase(store)
          .prepare(
            `SELECT crm_id, sf_id FROM links WHERE crm_type = ? AND sf_object = ? AND sf_id IS NOT NULL`,
          )
          .all(crmType, sfObject) as { crm_id: string; sf_id: string }[];
        expect(links.length).toBe(byCrmId.size);
        for (const l of links) expect(byCrmId.get(l.crm_id)).toBe(l.sf_id);
      }
      expect((await store.summary()).queueSize).toBe(0);
      expect(
        h.sf.control.records('Contact').filter((r) => String(r.Email ?? '').endsWith('@crash.example')),
      ).toHaveLength(1500);
      // A kill between storing the results and the CRM write-back must not lose the salesforce_id.
      const sfIdOf = new Map(
        h.sf.control.records('Contact').map((r) => [String(r.HubSpot_Id__c), String(r.Id)]),
      );
      const contacts = (await crmRecords(h, 'contacts', ['email', 'salesforce_id'])).filter((r) =>
        r.properties.email?.endsWith('@crash.example'),
      );
      expect(contacts).toHaveLength(1500);
      for (const c of contacts) expect(c.properties.salesforce_id, `contact ${c.id}`).toBe(sfIdOf.get(c.id));
    } finally {
      await store.close();
    }
  }, 120_000);
});
