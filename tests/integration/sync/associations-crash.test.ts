import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import { openStore, testDatabase } from '../../../proxy/store/index';
import { spawnEngine, waitUntil } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

const ACCOUNTS = 12;
const CONTACTS = 600;

describe('crash safety of Salesforce → CRM associations', () => {
  let h: Harness;
  let dir: string;
  let storeFile: string;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-assoc-'));
    storeFile = join(dir, 'store.db');
    // The sync has polled before: Salesforce changes after this instant are new to it.
    const store = openStore(storeFile);
    const before = { stamp: new Date(h.clock.now - 1000).toISOString(), id: '' };
    for (const object of ['Account', 'Contact', 'Opportunity']) await store.setCursor(`sf:${object}`, before);
    await store.close();
    const accounts = Array.from(
      { length: ACCOUNTS },
      (_, i) => h.sf.control.insertRecordDirect('Account', { Name: `Parent ${i}` }).Id,
    );
    for (let i = 0; i < CONTACTS; i++) {
      h.sf.control.insertRecordDirect('Contact', {
        LastName: `Child ${i}`,
        Email: `child${i}@sf-assoc.example`,
        AccountId: accounts[i % ACCOUNTS],
      });
    }
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Steps done so far: each contact is linked (CRM create stored), then associated (outcome stored). */
  async function stepsDone(): Promise<number> {
    const store = openStore(storeFile);
    try {
      const row = testDatabase(store)
        .prepare(
          `SELECT (SELECT COUNT(*) FROM links WHERE crm_type = 'contacts') +
                  (SELECT COUNT(DISTINCT crm_id) FROM history WHERE action = 'crm-associate') AS n`,
        )
        .get() as { n: number };
      return row.n;
    } finally {
      await store.close();
    }
  }

  it('associates each contact with its Account’s company exactly once through kills with SIGKILL at random points', async () => {
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
        const target = (await stepsDone()) + 1 + Math.floor(Math.random() * 200);
        plan.push(`>=${target} steps`);
        await waitUntil(async () => (await stepsDone()) >= target, run.exit);
      }
      run.child.kill('SIGKILL');
      await run.exit;
      progress.push(await stepsDone());
    }
    expect(
      progress.some((n) => n > 0 && n < 2 * CONTACTS),
      `plan ${plan.join(', ')}; steps ${progress.join(',')}`,
    ).toBe(true);
    const last = spawnEngine(h, storeFile, env);
    expect(await last.exit, `plan ${plan.join(', ')}`).toBe(0);

    const store = openStore(storeFile);
    try {
      expect((await store.summary()).queueSize).toBe(0);
      expect((await store.summary()).totalOpenErrors).toBe(0);
      const crm = createHubspotConnector({
        accessToken: h.hs.accessToken,
        baseUrl: h.hubspotUrl,
        uiBaseUrl: h.hubspotUrl,
        sleep: async () => {},
      });
      const companyOfAccount = new Map(
        await Promise.all(
          h.sf.control
            .records('Account')
            .map(async (a) => [a.Id, (await store.linkBySfId(a.Id))?.crmId] as const),
        ),
      );
      const contacts = h.sf.control.records('Contact');
      const twins = await Promise.all(
        contacts.map(async (c) => (await store.linkBySfId(c.Id))?.crmId ?? `missing ${c.Id}`),
      );
      const pairs = await crm.associations('contacts', twins, 'companies');
      // One association per contact, to the company of its Account; none doubled, none missing.
      expect(pairs).toHaveLength(CONTACTS);
      const companyOf = new Map(pairs.map((p) => [p.fromId, p.toId]));
      contacts.forEach((c, i) => {
        expect(companyOf.get(twins[i]), c.Id).toBe(companyOfAccount.get(String(c.AccountId)));
      });
      const perCompany = await crm.associations('companies', [...new Set(companyOf.values())], 'contacts');
      expect(perCompany).toHaveLength(CONTACTS);
    } finally {
      await store.close();
    }
  }, 120_000);
});
