/** @module The naive baseline: the same records written one per call (single-record upserts), counted by the sandbox. */
import { Connection } from 'jsforce';
import type { SalesforceSandbox } from '../proxy/sandbox/salesforce/index';

/**
 * Upserts each record on its own (PATCH /sobjects/T/HubSpot_Id__c/id), 10 at a time, against a fresh
 * org; returns the calls that org counted.
 */
export async function naiveWrite(
  sf: SalesforceSandbox,
  instanceUrl: string,
  batches: { object: string; records: Record<string, unknown>[] }[],
): Promise<number> {
  const session = sf.issueSession();
  const conn = new Connection({ instanceUrl, accessToken: session.accessToken, version: '62.0' });
  const before = sf.stats().requests;
  for (const { object, records } of batches) {
    for (let i = 0; i < records.length; i += 10) {
      await Promise.all(
        records.slice(i, i + 10).map((r) =>
          // A single record (not an array) is one PATCH per record in jsforce.
          conn
            .sobject(object)
            .upsert(r as never, 'HubSpot_Id__c')
            .catch(() => undefined),
        ),
      );
    }
  }
  return sf.stats().requests - before;
}
