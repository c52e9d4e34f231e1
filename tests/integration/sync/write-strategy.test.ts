import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceAdapter, type UpsertResult } from '../../../proxy/salesforce/adapter';
import { createApiMeter } from '../../../proxy/salesforce/api-meter';
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
});
