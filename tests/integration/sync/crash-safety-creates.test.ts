import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import type { CrmRecord } from '../../../proxy/crm/types';
import { openStore, testDatabase } from '../../../proxy/store/index';
import { spawnEngine, waitUntil } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

const MADE_IN_SALESFORCE = 1000;

describe('crash safety of Salesforce → CRM creates', () => {
  let h: Harness;
  let dir: string;
  let storeFile: string;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-creates-'));
    storeFile = join(dir, 'store.db');
    // The sync has polled before: Salesforce changes after this instant are new to it.
    const store = openStore(storeFile);
    const before = { stamp: new Date(h.clock.now - 1000).toISOString(), id: '' };
    for (const object of ['Account', 'Contact', 'Opportunity']) await store.setCursor(`sf:${object}`, before);
    await store.close();
    for (let i = 0; i < MADE_IN_SALESFORCE; i++) {
      h.sf.control.insertRecordDirect('Contact', {
        FirstName: `Org${i}`,
        LastName: 'Made',
        Email: `org${i}@sf-origin.example`,
      });
    }
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Steps done so far: each record is linked (CRM create stored), then stamped (CRM id in Salesforce). */
  async function stepsDone(): Promise<number> {
    const store = openStore(storeFile);
    try {
      const row = testDatabase(store)
        .prepare(
          `SELECT COUNT(*) + COALESCE(SUM(stamp_pending = 0), 0) AS n FROM links WHERE sf_id IS NOT NULL`,
        )
        .get() as { n: number };
      return row.n;
    } finally {
      await store.close();
    }
  }

  /** Every CRM contact, read through the CRM's own change stream. */
  async function crmContacts(): Promise<CrmRecord[]> {
    const crm = createHubspotConnector({
      accessToken: h.hs.accessToken,
      baseUrl: h.hubspotUrl,
      uiBaseUrl: h.hubspotUrl,
      sleep: async () => {},
    });
    const out: CrmRecord[] = [];
    for (let since = null as Parameters<typeof crm.changedSince>[1]; ; ) {
      const page = await crm.changedSince('contacts', since, ['email', 'salesforce_id'], 100);
      out.push(...page.records);
      if (!page.next || page.records.length < 100) return out;
      since = page.next;
    }
  }

  it('creates each Salesforce record in the CRM exactly once and stamps it, through kills with SIGKILL at random points', async () => {
    const env = { SYNC_SF_POLL_MS: '0' };
    const progress: number[] = [];
    const plan: string[] = [];
    for (let k = 0; k < 5; k++) {
      const run = spawnEngine(h, storeFile, env);
      await run.ready;
      if (k % 2 === 0) {
        const delay = Math.floor(Math.random() * 400);
        plan.push(`${delay}ms`);
        await new Promise((r) => setTimeout(r, delay));
      } else {
        const target = (await stepsDone()) + 1 + Math.floor(Math.random() * 300);
        plan.push(`>=${target} steps`);
        await waitUntil(async () => (await stepsDone()) >= target, run.exit);
      }
      run.child.kill('SIGKILL');
      await run.exit;
      progress.push(await stepsDone());
    }
    // The kills must land between the first create and the last stamp for the test to mean anything.
    expect(
      progress.some((n) => n > 0 && n < 2 * MADE_IN_SALESFORCE),
      `plan ${plan.join(', ')}; steps ${progress.join(',')}`,
    ).toBe(true);
    const last = spawnEngine(h, storeFile, env);
    expect(await last.exit, `plan ${plan.join(', ')}`).toBe(0);

    const made = h.sf.control.records('Contact');
    expect(made).toHaveLength(MADE_IN_SALESFORCE);
    const twins = (await crmContacts()).filter((r) => r.properties.email?.endsWith('@sf-origin.example'));
    expect(twins).toHaveLength(MADE_IN_SALESFORCE);
    const crmIdBySfId = new Map(twins.map((t) => [t.properties.salesforce_id, t.id]));
    expect(crmIdBySfId.size).toBe(MADE_IN_SALESFORCE);
    for (const r of made) expect(r.HubSpot_Id__c, r.Id).toBe(crmIdBySfId.get(r.Id));
    const store = openStore(storeFile);
    try {
      expect((await store.summary()).queueSize).toBe(0);
      expect((await store.summary()).totalOpenErrors).toBe(0);
      expect(await store.stampPending('contacts', 10)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
