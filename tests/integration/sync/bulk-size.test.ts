/**
 * Issue 17's million-record first sync, in miniature and counted by the embedded org: ingest jobs sized
 * by what one upload may carry, a job uploaded twice sent afresh, and initial matching's keys read by
 * one Bulk API 2.0 query per object per run whatever the number of batches.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceAdapter, openMeteredConnection } from '../../../proxy/salesforce/adapter';
import { createApiMeter } from '../../../proxy/salesforce/api-meter';
import { type BulkDeps, bulkUpsert, toBulkCsv } from '../../../proxy/salesforce/bulk-jobs';
import { DEFAULT_MAPPINGS, type ObjectMapping } from '../../../proxy/sync/default-mapping';
import { matchInSalesforce } from '../../../proxy/sync/initial-match';
import type { CandidateCache } from '../../../proxy/sync/initial-match-keys';
import { connectionFacts, type Harness, startHarness } from './sync-harness';

const contacts = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    HubSpot_Id__c: `hs-${from + i}`,
    LastName: `Size${from + i}`,
    Email: `size${from + i}@bulk-size.example`,
  }));

describe('Bulk API 2.0 ingest jobs sized by the upload limit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
  });
  afterEach(() => h.close());

  function deps(): BulkDeps {
    const facts = connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl);
    const { conn, call } = openMeteredConnection({
      instanceUrl: facts.instanceUrl,
      accessToken: facts.accessToken,
      meter: createApiMeter(h.store, () => h.clock.now),
    });
    return { conn, call, version: '62.0', ledger: h.store, now: () => h.clock.now, pollMs: [20, 200] };
  }
  const ingestCreates = () => h.sf.requestLog().filter((l) => l === 'POST jobs/ingest').length;

  it('sends a write whose CSV passes one upload as several jobs, every row with its own result', async () => {
    const records = contacts(300);
    const bytes = Buffer.byteLength(toBulkCsv(records));
    const results = await bulkUpsert(deps(), 'Contact', 'HubSpot_Id__c', records, Math.ceil(bytes / 3) + 100);
    expect(ingestCreates()).toBe(3);
    expect(results).toHaveLength(300);
    const inOrg = new Map(
      h.sf.control.records('Contact').map((r) => [String(r.HubSpot_Id__c), String(r.Id)]),
    );
    expect(inOrg.size).toBe(300);
    for (const [i, r] of results.entries()) {
      expect(r.ok, `row ${i}`).toBe(true);
      if (r.ok) expect(r.id).toBe(inOrg.get(records[i].HubSpot_Id__c));
    }
    expect(await h.store.pendingBulkJob('Contact')).toBeUndefined();
  });

  it('after a stop during the second of three jobs, resumes that stored job first and uploads it only once', async () => {
    const records = contacts(300);
    const limit = Math.ceil(Buffer.byteLength(toBulkCsv(records)) / 3) + 100;
    let uploads = 0;
    const stopping: BulkDeps = {
      ...deps(),
      // The process dies right after the second job's upload was noted (as SYNC_CRASH_AT after-bulk-upload).
      hooks: {
        afterBulkUpload: () => {
          if (++uploads === 2) throw new Error('killed after the second upload');
        },
      },
    };
    await expect(bulkUpsert(stopping, 'Contact', 'HubSpot_Id__c', records, limit)).rejects.toThrow(/killed/);
    const stored = await h.store.pendingBulkJob('Contact');
    expect(stored?.stage).toBe('uploaded');

    const results = await bulkUpsert(deps(), 'Contact', 'HubSpot_Id__c', records, limit);
    expect(results.every((r) => r.ok)).toBe(true);
    const puts = h.sf.requestLog().filter((l) => /^PUT .*batches$/.test(l));
    // The first part twice (its results were never stored), the stopped one and the third once each.
    expect(puts).toHaveLength(4);
    const info = (await deps().conn.request(`/services/data/v62.0/jobs/ingest/${stored?.jobId}`)) as {
      state: string;
      numberRecordsProcessed: number;
    };
    expect(info.state).toBe('JobComplete');
    const inOrg = h.sf.control.records('Contact');
    expect(inOrg).toHaveLength(300);
    expect(new Set(inOrg.map((r) => r.HubSpot_Id__c)).size).toBe(300);
    const ids = new Map(inOrg.map((r) => [String(r.HubSpot_Id__c), String(r.Id)]));
    for (const [i, r] of results.entries()) if (r.ok) expect(r.id).toBe(ids.get(records[i].HubSpot_Id__c));
  });

  it('aborts a stored job that was uploaded twice (a kill before its upload was noted) and sends the records afresh', async () => {
    const d = deps();
    const records = contacts(250);
    const csv = toBulkCsv(records);
    // The first process: job created and stored, data uploaded, killed before the stage was saved.
    const base = '/services/data/v62.0/jobs/ingest';
    const job = (await d.conn.request({
      method: 'POST',
      url: base,
      body: JSON.stringify({ object: 'Contact', operation: 'upsert', externalIdFieldName: 'HubSpot_Id__c' }),
      headers: { 'content-type': 'application/json' },
    })) as { id: string };
    await d.conn.request({
      method: 'PUT',
      url: `${base}/${job.id}/batches`,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    await h.store.saveBulkJob({
      jobId: job.id,
      sfObject: 'Contact',
      externalIdField: 'HubSpot_Id__c',
      fingerprint: createHash('sha256').update(`Contact\nHubSpot_Id__c\n${csv}`).digest('hex'),
      stage: 'created',
      createdAt: h.clock.now,
    });

    const results = await bulkUpsert(d, 'Contact', 'HubSpot_Id__c', records);
    expect(results.every((r) => r.ok)).toBe(true);
    const info = (await d.conn.request(`${base}/${job.id}`)) as { state: string };
    expect(info.state).toBe('Aborted');
    // A second job carried the records, once each.
    expect(ingestCreates()).toBe(2);
    expect(h.sf.control.records('Contact')).toHaveLength(250);
    expect(await h.store.pendingBulkJob('Contact')).toBeUndefined();
  });
});

describe("initial matching reads the Salesforce side's keys once per object per run", () => {
  let h: Harness;
  const mapping = DEFAULT_MAPPINGS.find((m) => m.crmType === 'contacts') as ObjectMapping;
  beforeEach(async () => {
    h = await startHarness({ seed: false, allocation: 100_000, dailyApiLimit: 100_000 });
    // Salesforce already holds contacts 1,000–1,009 and 2,000–2,009 (one batch each, below).
    for (const i of [...Array(10).keys()].flatMap((k) => [1000 + k, 2000 + k]))
      h.sf.control.insertRecordDirect('Contact', {
        LastName: `Held${i}`,
        Email: `crm${i}@match-once.example`,
      });
  });
  afterEach(() => h.close());

  function adapter() {
    const facts = connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl);
    return createSalesforceAdapter({
      instanceUrl: facts.instanceUrl,
      accessToken: facts.accessToken,
      meter: createApiMeter(h.store, () => h.clock.now),
      bulk: { ledger: h.store, threshold: async () => 2000, pollMs: [20, 200] },
    });
  }

  const crmBatch = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      crmId: `c${from + i}`,
      props: { email: `CRM${from + i}@match-once.example`, firstname: null, lastname: `L${from + i}` },
    }));

  it('reads each object once through Bulk API 2.0 and finds the twins of later batches in what it read', async () => {
    const salesforce = adapter();
    const candidates: CandidateCache = new Map();
    const deps = { salesforce, store: h.store, retry: { retries: 0, minTimeoutMs: 1 }, candidates };
    const before = h.sf.control.apiUsage().used;
    const first = await matchInSalesforce(deps, mapping, crmBatch(500, 1500));
    const afterFirst = h.sf.control.apiUsage().used;
    // Create, a status check or two, one results page.
    expect(afterFirst - before).toBeGreaterThanOrEqual(3);
    expect(afterFirst - before).toBeLessThanOrEqual(4);
    expect(h.sf.requestLog().filter((l) => l === 'POST jobs/query')).toHaveLength(1);
    expect([...first.values()].filter((o) => o.kind === 'one')).toHaveLength(10);

    // A record linked meanwhile (matched by the first batch) is nobody's candidate any more.
    const taken = h.sf.control.records('Contact').find((r) => r.Email === 'crm2000@match-once.example');
    await h.store.putLink({
      crmType: 'contacts',
      crmId: 'elsewhere',
      sfObject: 'Contact',
      sfId: String(taken?.Id),
      name: null,
    });
    // The run's next batches, large or small, spend no call.
    const second = await matchInSalesforce(deps, mapping, crmBatch(2000, 1200));
    const third = await matchInSalesforce(deps, mapping, crmBatch(3500, 20));
    expect(h.sf.control.apiUsage().used).toBe(afterFirst);
    expect([...second.values()].filter((o) => o.kind === 'one')).toHaveLength(9);
    expect(second.get('c2000')).toBeUndefined();
    expect(second.get('c2001')).toMatchObject({ kind: 'one', value: 'crm2001@match-once.example' });
    expect(third.size).toBe(0);
  });

  it('reads again in the next run: a new run starts without what the last one read', async () => {
    const salesforce = adapter();
    const retry = { retries: 0, minTimeoutMs: 1 };
    await matchInSalesforce(
      { salesforce, store: h.store, retry, candidates: new Map() },
      mapping,
      crmBatch(0, 1100),
    );
    await matchInSalesforce(
      { salesforce, store: h.store, retry, candidates: new Map() },
      mapping,
      crmBatch(0, 1100),
    );
    expect(h.sf.requestLog().filter((l) => l === 'POST jobs/query')).toHaveLength(2);
  });
});
