import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceAdapter, type UpsertResult } from '../../../proxy/salesforce/adapter';
import {
  BudgetExceededError,
  createApiMeter,
  HeadroomExceededError,
} from '../../../proxy/salesforce/api-meter';
import { DUPLICATE_EMAILS } from '../../../proxy/sandbox/salesforce/demo-seed';
import { openStore, type Store } from '../../../proxy/store/index';
import { classifyError } from '../../../shared/classify-error';
import { type RunningSandbox, startSandbox } from '../salesforce-sandbox/start-sandbox';

const contacts = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    HubSpot_Id__c: `${prefix}-${i}`,
    LastName: i === 5 ? '' : `Strategy ${i}`,
    Email: i === 7 ? DUPLICATE_EMAILS[1] : `${prefix}${i}@strategy.example`,
    LeadSource: i === 9 ? 'Carrier Pigeon' : 'Web',
  }));

describe('the adapter sends writes the cheapest way that keeps per-record results', () => {
  let sf: RunningSandbox;
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    sf = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'write-strategy-'));
    store = openStore(join(dir, 'store.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await sf.close();
  });

  function adapter(threshold = 2000, strategy: 'auto' | 'collections' = 'auto') {
    const { accessToken } = sf.sandbox.issueSession();
    return createSalesforceAdapter({
      instanceUrl: sf.instanceUrl,
      accessToken,
      meter: createApiMeter(store, () => sf.clock.now),
      bulk: { ledger: store, threshold: async () => threshold, pollMs: [20, 200] },
      strategy,
    });
  }

  async function calls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: number }> {
    const before = sf.sandbox.control.apiUsage().used;
    const result = await fn();
    return { result, calls: sf.sandbox.control.apiUsage().used - before };
  }

  function expectRowErrors(results: UpsertResult[]) {
    const codeOf = (i: number) => {
      const r = results[i];
      return r.ok ? 'ok' : r.errors[0].code;
    };
    expect(codeOf(0)).toBe('ok');
    expect(codeOf(5)).toBe('REQUIRED_FIELD_MISSING');
    expect(codeOf(7)).toBe('DUPLICATES_DETECTED');
    expect(codeOf(9)).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const picklist = results[9];
    if (picklist.ok) throw new Error('expected a failure');
    expect(picklist.errors[0].fields).toEqual(['LeadSource']);
    const classified = classifyError({
      source: 'salesforce',
      ...picklist.errors[0],
      field: 'LeadSource',
    } as never);
    expect(classified.transient).toBe(false);
  }

  it('sends 150 records as one collection (one call)', async () => {
    const { result, calls: n } = await calls(() =>
      adapter().upsert('Contact', 'HubSpot_Id__c', contacts(150, 'c')),
    );
    expect(n).toBe(1);
    expect(result).toHaveLength(150);
    expectRowErrors(result);
  });

  it('sends 1,000 records as one Composite call of five collections', async () => {
    const { result, calls: n } = await calls(() =>
      adapter().upsert('Contact', 'HubSpot_Id__c', contacts(1000, 'k')),
    );
    expect(n).toBe(1);
    expect(result).toHaveLength(1000);
    expectRowErrors(result);
    expect(result.filter((r) => r.ok)).toHaveLength(997);
  });

  it('sends more than the threshold through one Bulk API 2.0 job, every row with its own result', async () => {
    const { result, calls: n } = await calls(() =>
      adapter(300).upsert('Contact', 'HubSpot_Id__c', contacts(900, 'b')),
    );
    expect(result).toHaveLength(900);
    expectRowErrors(result);
    const ok = result[0];
    if (!ok.ok) throw new Error('expected a success');
    expect(ok.created).toBe(true);
    const stored = sf.sandbox.control.records('Contact').find((r) => r.HubSpot_Id__c === 'b-0');
    expect(stored?.Id).toBe(ok.id);
    // create, upload, close, at least one poll, two result files: a handful, whatever the count.
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(12);
    expect(await store.pendingBulkJob('Contact')).toBeUndefined();
  });

  it('keeps to collections of 200 on the old path', async () => {
    const { calls: n } = await calls(() =>
      adapter(300, 'collections').upsert('Contact', 'HubSpot_Id__c', contacts(900, 'o')),
    );
    expect(n).toBe(5);
  });

  it('reads rows through one Bulk API 2.0 query job', async () => {
    const expected = sf.sandbox.control.records('Contact').filter((r) => !r.IsDeleted).length;
    const { result, calls: n } = await calls(() => adapter().bulkQuery('SELECT Id, Email FROM Contact'));
    expect(result).toHaveLength(expected);
    expect(Object.keys(result[0])).toEqual(['Id', 'Email']);
    expect(n).toBeLessThanOrEqual(6);
  });

  it('reads a Bulk API 2.0 query that finds nothing in two calls: no results page for an empty answer', async () => {
    const logBefore = sf.sandbox.requestLog().length;
    const { result, calls: n } = await calls(() =>
      adapter().bulkQuery(`SELECT Id, Email FROM Contact WHERE Email = 'nobody@nowhere.example'`),
    );
    expect(result).toEqual([]);
    expect(n).toBe(2);
    expect(
      sf.sandbox
        .requestLog()
        .slice(logBefore)
        .some((r) => r.includes('/results')),
    ).toBe(false);
  });

  it('skips the failed-rows list of a Bulk job whose rows all succeeded', async () => {
    const clean = contacts(400, 'clean').map((r) => ({ ...r, LastName: 'Clean', LeadSource: 'Web' }));
    clean[7].Email = 'clean7@strategy.example';
    const logBefore = sf.sandbox.requestLog().length;
    const result = await adapter(300).upsert('Contact', 'HubSpot_Id__c', clean);
    expect(result.every((r) => r.ok)).toBe(true);
    const asked = sf.sandbox.requestLog().slice(logBefore);
    expect(asked.some((r) => r.endsWith('/successfulResults'))).toBe(true);
    expect(asked.some((r) => r.endsWith('/failedResults'))).toBe(false);
  });

  it('starts no Bulk job whose requests together would pass the allocation', async () => {
    const a = adapter(300);
    await store.setSettings({ allocation: (await store.calls24h(sf.clock.now)) + 5 });
    const before = sf.sandbox.stats().requests;
    await expect(a.upsert('Contact', 'HubSpot_Id__c', contacts(900, 'cap'))).rejects.toBeInstanceOf(
      BudgetExceededError,
    );
    expect(sf.sandbox.stats().requests).toBe(before);
    expect(await store.pendingBulkJob('Contact')).toBeUndefined();
    // Five calls still fit a Composite write: the guard held back only what could not finish.
    const { calls: n } = await calls(() => a.upsert('Contact', 'HubSpot_Id__c', contacts(150, 'fits')));
    expect(n).toBe(1);
  });

  it('starts no Bulk query that would eat into the headroom left to other integrations', async () => {
    const a = adapter();
    const { limit } = sf.sandbox.control.apiUsage();
    // 10% of the org's limit kept for others; three calls of room left above it, a query needs four.
    await store.setSettings({ headroomPercent: 10 });
    await store.setOrgUsage({ used: limit - limit / 10 - 3, limit, seenAt: sf.clock.now });
    const before = sf.sandbox.stats().requests;
    await expect(a.bulkQuery('SELECT Id FROM Contact')).rejects.toBeInstanceOf(HeadroomExceededError);
    expect(sf.sandbox.stats().requests).toBe(before);
  });
});
