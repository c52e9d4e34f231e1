/**
 * The first sync's copy of Salesforce-only records reads a large set through one Bulk API 2.0 query
 * whether or not the poll's Composite call read its first page: without Composite (or with more due
 * objects than one Composite holds) the query's own first page says how many rows there are.
 * Calls and requests are counted by the embedded org.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSalesforceAdapter,
  type QueryPage,
  type SalesforceAdapter,
} from '../../../proxy/salesforce/adapter';
import { createApiMeter } from '../../../proxy/salesforce/api-meter';
import { buildEngine } from './build-engine';
import { crmRecords } from './crash-run';
import { connectionFacts, type Harness, startHarness } from './sync-harness';

const MANY = 2100;

function insertContacts(h: Harness, n: number) {
  for (let i = 0; i < n; i++)
    h.sf.control.insertRecordDirect('Contact', {
      FirstName: `Large${i}`,
      LastName: `Copy${i}`,
      Email: `large${i}@copy.example`,
    });
}

/** The harness's adapter, as a connection that offers no Composite resource builds it. */
function adapterWithoutComposite(h: Harness): SalesforceAdapter {
  const facts = connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl);
  const {
    compositeGet: _composite,
    carry: _carry,
    ...adapter
  } = createSalesforceAdapter({
    instanceUrl: facts.instanceUrl,
    accessToken: facts.accessToken,
    meter: createApiMeter(h.store, () => h.clock.now),
    bulk: {
      ledger: h.store,
      threshold: async () => (await h.store.settings()).bulkThreshold,
      pollMs: [20, 200],
    },
  });
  return adapter;
}

const query = 'SELECT Id, Email FROM Contact ORDER BY Id';

describe('reading every row of a query the cheapest way for its size', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each([
    // threshold, rows, bulk?, calls: a first page of 2,000 then one more page, or the first page then a job
    [5000, MANY, false, 2],
    [2000, MANY, true, 4],
    [2000, 10, false, 1],
  ])('with a threshold of %i and %i rows: bulk %s, %i calls', async (threshold, rows, bulk, calls) => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    insertContacts(h, rows);
    const before = h.sf.control.apiUsage().used;
    const read = await adapterWithoutComposite(h).readAll(query, threshold);
    expect(h.sf.control.apiUsage().used - before).toBe(calls);
    expect(read.bulk).toBe(bulk);
    expect(read.rows).toHaveLength(rows);
    // Bulk rows come back as REST rows: the same ids, emails as text.
    expect(read.rows.map((r) => r.Email).sort()).toEqual(
      h.sf.control
        .records('Contact')
        .map((r) => r.Email)
        .sort(),
    );
  });
});

describe('the first sync copies a large org to HubSpot through Bulk API 2.0 without Composite', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('reads the Salesforce-only records through one Bulk API 2.0 query job, not page after page of SOQL', async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    await h.store.setSettings({ bulkThreshold: 2000, copyExistingToCrm: true });
    insertContacts(h, MANY);
    await h.engine.stop();
    h.engine = await buildEngine(
      h.store,
      connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl),
      () => h.clock.now,
      { salesforce: adapterWithoutComposite(h) },
    );
    // The first run's poll reads what Salesforce holds and creates it in HubSpot.
    h.clock.advance(1000);
    await h.engine.runOnce();
    const log = h.sf.requestLog();
    const job = log.indexOf('POST jobs/query');
    // Polls were not bundled (the stamps written back later go out as Composite writes of 1,000).
    expect(log.slice(0, job)).not.toContain('POST composite');
    expect(log.filter((l) => l === 'POST jobs/query')).toHaveLength(1);
    // Before the job: each object's first page (Account, Contact, Opportunity), no page after one.
    expect(log.slice(0, job).filter((l) => l.startsWith('GET query/'))).toEqual([]);
    expect(log.slice(0, job).filter((l) => l === 'GET query').length).toBeLessThanOrEqual(3);
    expect(await crmRecords(h, 'contacts', ['email'])).toHaveLength(MANY);
  }, 300_000);
});

describe("the first sync's copy goes on from the poll's first page instead of reading it again", () => {
  let h: Harness;
  afterEach(() => h.close());

  it('reads only the pages after the first one the poll already read, counted by the org', async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    insertContacts(h, MANY);
    const adapter = adapterWithoutComposite(h);
    const facts = connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl);
    const withComposite = createSalesforceAdapter({
      instanceUrl: facts.instanceUrl,
      accessToken: facts.accessToken,
      meter: createApiMeter(h.store, () => h.clock.now),
    });
    const [answer] = await withComposite.compositeGet!([`query?q=${encodeURIComponent(query)}`]);
    const first = answer.body as QueryPage;
    expect(first.done).toBe(false);
    const before = h.sf.control.apiUsage().used;
    const read = await adapter.readAll(query, 5000, first);
    // The second page only: the first came with the poll's Composite call.
    expect(h.sf.control.apiUsage().used - before).toBe(1);
    expect(read.bulk).toBe(false);
    expect(new Set(read.rows.map((r) => r.Id)).size).toBe(MANY);
  });

  it('reads the first page again when the page it is given says more follow but not where', async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    insertContacts(h, MANY);
    const before = h.sf.control.apiUsage().used;
    const cut: QueryPage = { records: [], done: false, totalSize: MANY };
    const read = await adapterWithoutComposite(h).readAll(query, 5000, cut);
    expect(h.sf.control.apiUsage().used - before).toBe(2);
    expect(new Set(read.rows.map((r) => r.Id)).size).toBe(MANY);
  });

  it('copies 2,100 Salesforce-only contacts below the bulk threshold with no first page read twice', async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    await h.store.setSettings({ bulkThreshold: 5000, copyExistingToCrm: true });
    insertContacts(h, MANY);
    h.clock.advance(1000);
    await h.engine.runOnce();
    const log = h.sf.requestLog();
    // Every object's first page rode in the poll's Composite call; Contact's second page is the one read.
    expect(log.filter((l) => l === 'GET query')).toEqual([]);
    expect(log.filter((l) => l.startsWith('GET query/'))).toHaveLength(1);
    expect(await crmRecords(h, 'contacts', ['email'])).toHaveLength(MANY);
  }, 300_000);
});
