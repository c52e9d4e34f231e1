/**
 * @module The CRM write-back of `salesforce_id`: queued in the transaction that stores Salesforce's
 * results (a crash between the two cannot lose it), sent in CRM batches of 100, retried with back-off.
 * Replaying one is harmless: it writes the same value again. `salesforce_id` is not a mapped field, so the
 * CRM change it causes hashes the same and is not synced back.
 */
import { CrmApiError, type CrmConnector, type CrmWriteResult } from '../crm/types';
import type { CrmType, Store } from '../store';
import { SALESFORCE_ID_PROPERTY } from './default-mapping';
import { outageOf } from './outage';

const CRM_BATCH = 100;

import type { WriteBackPayload } from '../store';

export type { WriteBackPayload };

export interface WriteBackContext {
  store: Store;
  crm: Pick<CrmConnector, 'batchUpsert'>;
  now: () => number;
  retry: { minTimeoutMs: number };
  /** A write the CRM refuses for one record is tried this many times before it is given up. */
  maxRecordAttempts: number;
}

/** Queues the write-back; call it inside the transaction that stores the Salesforce result. */
export async function queueWriteBack(store: Store, crmType: CrmType, crmId: string, sfId: string, t: number) {
  await store.enqueue('sf-id-to-crm', crmType, crmId, { sfId } satisfies WriteBackPayload, t);
}

/**
 * Writes every due queued `salesforce_id` of one CRM type. An outage (HubSpot down, its daily limit)
 * throws with the items still queued; a record the CRM refuses (or a whole call refused for another
 * reason) backs off and is tried again, and is given up (with a history line) once its attempts run
 * out or the record is gone.
 */
export async function flushWriteBacks(
  ctx: WriteBackContext,
  crmType: CrmType,
  /** The pair's CRM id property (ObjectMapping.crmIdProperty). */
  idProperty = SALESFORCE_ID_PROPERTY,
): Promise<number> {
  const { store } = ctx;
  let written = 0;
  for (let items = await store.peek('sf-id-to-crm', crmType, CRM_BATCH, ctx.now()); items.length; ) {
    const results = await ctx.crm
      .batchUpsert(
        crmType,
        items.map((i) => ({
          id: i.recordId,
          properties: { [idProperty]: i.payload.sfId },
        })),
      )
      .catch((err: unknown): CrmWriteResult[] => {
        // An outage stops the run (the items stay queued); any other refusal of the whole call (a
        // missing scope, say) must not stop the sync: each item backs off as if refused alone.
        if (outageOf(err) || !(err instanceof CrmApiError)) throw err;
        return items.map(() => ({ ok: false, code: err.category, message: err.message }));
      });
    await store.tx(async () => {
      const t = ctx.now();
      for (const [n, item] of items.entries()) {
        const res = results[n];
        if (res?.ok) {
          written++;
          await store.dequeue(item);
          continue;
        }
        const why = res && !res.ok ? `${res.code}: ${res.message}` : 'the CRM returned no result';
        const gone = res && !res.ok && res.code === 'OBJECT_NOT_FOUND';
        if (gone || item.attempts + 1 >= ctx.maxRecordAttempts) {
          await store.addHistory(
            crmType,
            item.recordId,
            t,
            'crm-update',
            `salesforce_id not written: ${why}`,
          );
          await store.dequeue(item);
          continue;
        }
        await store.addHistory(
          crmType,
          item.recordId,
          t,
          'crm-update',
          `salesforce_id not written, retrying: ${why}`,
        );
        await store.defer(item, t + ctx.retry.minTimeoutMs * 2 ** item.attempts);
      }
    });
    items = await store.peek('sf-id-to-crm', crmType, CRM_BATCH, ctx.now());
  }
  return written;
}
