/**
 * The first sync's copy of Salesforce-only records to HubSpot (setting copyExistingToCrm), killed with
 * SIGKILL at the named point SYNC_CRASH_AT=after-crm-create-sent:contacts: HubSpot holds the first batch of
 * 100 copies, the store holds no link for them yet. A restart must find those copies, not make twins.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../proxy/store/index';
import { crmRecords, linkedCount, spawnEngine } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

/** More than one CRM batch (100), so the kill lands with copies made and copies still to make. */
const ONLY_IN_SALESFORCE = 150;

describe('crash safety of the first sync copying Salesforce records to HubSpot', () => {
  let h: Harness;
  let dir: string;
  let storeFile: string;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-copy-'));
    storeFile = join(dir, 'store.db');
    const store = openStore(storeFile);
    await store.setSettings({ copyExistingToCrm: true });
    await store.close();
    for (let i = 0; i < ONLY_IN_SALESFORCE; i++) {
      // Every other one has no email: nothing but the salesforce_id upsert can find its copy again.
      h.sf.control.insertRecordDirect('Contact', {
        FirstName: `Copy${i}`,
        LastName: `Only${i}`,
        ...(i % 2 === 0 ? { Email: `copy${i}@sf-only.example` } : {}),
      });
    }
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a kill between creating the HubSpot records and storing their links, a restart makes no twin and copies every record once', async () => {
    const env = { SYNC_SF_POLL_MS: '0' };
    const crashed = spawnEngine(h, storeFile, { ...env, SYNC_CRASH_AT: 'after-crm-create-sent:contacts' });
    await crashed.exit;
    expect(await crashed.signal).toBe('SIGKILL');

    // The kill landed there: HubSpot holds copies that the store has no link for.
    const atCrash = await crmRecords(h, 'contacts', ['salesforce_id']);
    expect(atCrash.length).toBeGreaterThan(0);
    expect(atCrash.length).toBeLessThan(ONLY_IN_SALESFORCE);
    expect(await linkedCount(storeFile)).toBe(0);

    const restarted = spawnEngine(h, storeFile, env);
    expect(await restarted.exit).toBe(0);

    const sfContacts = h.sf.control.records('Contact');
    expect(sfContacts).toHaveLength(ONLY_IN_SALESFORCE);
    const copies = await crmRecords(h, 'contacts', ['salesforce_id', 'lastname', 'email']);
    // One HubSpot contact per Salesforce contact: the ones made before the kill were found, not made again.
    expect(copies).toHaveLength(ONLY_IN_SALESFORCE);
    const bySfId = new Map(copies.map((c) => [c.properties.salesforce_id, c]));
    expect(bySfId.size).toBe(ONLY_IN_SALESFORCE);
    for (const c of atCrash) expect(bySfId.get(c.properties.salesforce_id)?.id).toBe(c.id);

    const store = openStore(storeFile);
    try {
      for (const sf of sfContacts) {
        const copy = bySfId.get(String(sf.Id));
        // Nothing lost: every record is in HubSpot with its values, linked, and stamped back.
        expect(copy?.properties.lastname, String(sf.LastName)).toBe(sf.LastName);
        expect(copy?.properties.email ?? null).toBe(sf.Email ?? null);
        const link = await store.linkBySfId(String(sf.Id));
        expect(link?.crmId).toBe(copy?.id);
        expect(link?.stampPending ?? false).toBe(false);
        expect(sf.HubSpot_Id__c).toBe(copy?.id);
      }
      expect((await store.summary()).queueSize).toBe(0);
      expect((await store.summary()).totalOpenErrors).toBe(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
