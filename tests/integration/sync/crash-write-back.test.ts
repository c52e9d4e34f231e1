import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../proxy/store/index';
import { crmRecords, spawnEngine } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

const CONTACTS = 450;
// Writes of 200 (the path before Composite and Bulk): the kill after the first leaves contacts unwritten.
const COLLECTIONS = { SYNC_STRATEGY: 'collections' };

describe('crash safety of the salesforce_id write-back', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-write-back-'));
    const company = h.hs.control.createRecord('companies', { name: 'Write Back Ltd', industry: 'Energy' });
    for (let i = 0; i < CONTACTS; i++) {
      h.hs.control.createRecord(
        'contacts',
        { firstname: `Wb${i}`, lastname: 'Back', email: `wb${i}@write-back.example` },
        [{ objectType: 'companies', id: company }],
      );
    }
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes salesforce_id on every created contact after a kill right after the Salesforce results were stored', async () => {
    const storeFile = join(dir, 'store.db');
    const crashed = spawnEngine(h, storeFile, {
      SYNC_CRASH_AT: 'after-results-stored:contacts',
      ...COLLECTIONS,
    });
    await crashed.ready;
    await crashed.exit;
    expect(await crashed.signal).toBe('SIGKILL');

    // The kill landed where it should: a collection of contacts is in Salesforce and linked, its queue
    // items are gone, and the CRM does not have their salesforce_id yet.
    const linkedBefore = h.sf.control.records('Contact').length;
    expect(linkedBefore).toBeGreaterThan(0);
    expect(linkedBefore).toBeLessThan(CONTACTS);
    const before = await crmRecords(h, 'contacts', ['salesforce_id']);
    expect(before.filter((r) => r.properties.salesforce_id)).toEqual([]);

    const last = spawnEngine(h, storeFile);
    expect(await last.exit).toBe(0);

    const inOrg = new Map(
      h.sf.control.records('Contact').map((r) => [String(r.HubSpot_Id__c), String(r.Id)]),
    );
    expect(inOrg.size).toBe(CONTACTS);
    const after = await crmRecords(h, 'contacts', ['salesforce_id']);
    expect(after).toHaveLength(CONTACTS);
    for (const r of after) expect(r.properties.salesforce_id, `contact ${r.id}`).toBe(inOrg.get(r.id));
    const store = openStore(storeFile);
    try {
      expect((await store.summary()).queueSize).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a process restarted after that kill into a Salesforce outage reports it (state, event, log) and keeps the write-backs until it ends', async () => {
    const storeFile = join(dir, 'store.db');
    const crashed = spawnEngine(h, storeFile, {
      SYNC_CRASH_AT: 'after-results-stored:contacts',
      ...COLLECTIONS,
    });
    await crashed.exit;
    expect(await crashed.signal).toBe('SIGKILL');

    h.sf.control.injectFaults({ count: 100_000, kind: '503' });
    const down = spawnEngine(h, storeFile, { SYNC_STOP_ON_OUTAGE: '1' });
    expect(await down.exit).toBe(0);
    const states = down.output.stdout
      .split('\n')
      .filter((l) => l.startsWith('state '))
      .map((l) => JSON.parse(l.slice(6)));
    expect(states).toEqual([
      expect.objectContaining({
        state: 'degraded',
        system: 'salesforce',
        reason: expect.stringContaining('Salesforce is unavailable (HTTP 503 SERVER_UNAVAILABLE'),
      }),
    ]);
    expect(states[0].queued).toBeGreaterThan(0);
    expect(down.output.stderr).toContain('[sync-health] Salesforce outage: Salesforce is unavailable');
    const held = openStore(storeFile);
    try {
      expect(await held.queueSize('sf-id-to-crm', 'contacts')).toBeGreaterThan(0);
    } finally {
      await held.close();
    }

    h.sf.control.clearFaults();
    const back = spawnEngine(h, storeFile);
    expect(await back.exit).toBe(0);
    const inOrg = new Map(
      h.sf.control.records('Contact').map((r) => [String(r.HubSpot_Id__c), String(r.Id)]),
    );
    const after = await crmRecords(h, 'contacts', ['salesforce_id']);
    expect(after).toHaveLength(CONTACTS);
    for (const r of after) expect(r.properties.salesforce_id, `contact ${r.id}`).toBe(inOrg.get(r.id));
  }, 60_000);
});
