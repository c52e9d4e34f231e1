import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../proxy/store/index';
import { spawnEngine } from './crash-run';
import { type Overlap, plantOverlap } from './overlap-seed';
import { type Harness, startHarness } from './sync-harness';

const CONTACTS = 260;
const NEW = 4;

describe('crash safety of initial matching', () => {
  let h: Harness;
  let dir: string;
  let overlap: Overlap;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-match-'));
    overlap = plantOverlap(h.sf, h.hs, { contacts: CONTACTS, companies: 3, newContacts: NEW });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a kill between storing the match links and the Salesforce update, a restart updates each matched contact once and makes no twin', async () => {
    const storeFile = join(dir, 'store.db');
    const contactsBefore = h.sf.control.records('Contact').length;
    const crashed = spawnEngine(h, storeFile, { SYNC_CRASH_AT: 'after-match-linked:contacts' });
    await crashed.exit;
    expect(await crashed.signal).toBe('SIGKILL');

    // The kill landed there: contact links are stored, no contact was written to Salesforce yet.
    const held = openStore(storeFile);
    const linkedAtCrash: string[] = [];
    for (const sfId of overlap.contactByEmail.values())
      if (await held.linkBySfId(sfId)) linkedAtCrash.push(sfId);
    await held.close();
    expect(linkedAtCrash.length).toBeGreaterThan(0);
    expect(h.sf.control.records('Contact')).toHaveLength(contactsBefore);
    expect(h.sf.control.records('Contact').filter((c) => c.HubSpot_Id__c)).toEqual([]);

    const last = spawnEngine(h, storeFile);
    expect(await last.exit).toBe(0);

    // Only the CRM-only contacts are new: the matched ones were updated, never created again.
    expect(h.sf.control.records('Contact')).toHaveLength(contactsBefore + NEW);
    const store = openStore(storeFile);
    try {
      for (const [email, sfId] of overlap.contactByEmail) {
        const link = await store.linkBySfId(sfId);
        expect(link?.crmId, email).toBeDefined();
        expect(h.sf.control.record('Contact', sfId).HubSpot_Id__c, email).toBe(link?.crmId);
        expect(link?.stampPending ?? false, email).toBe(false);
        const writes = (
          await store.recordLookup('hubspot', 'contacts', link?.crmId as string)
        ).history.filter((e) => e.action === 'upsert');
        // One update, sent by the restarted process: the crashed one never reached it.
        expect(
          writes.map((e) => e.outcome),
          email,
        ).toEqual(['CRM id written to Salesforce']);
      }
      expect((await store.summary()).queueSize).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
