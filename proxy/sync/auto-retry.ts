/**
 * @module Automatic retry of errored records: back-off from the configured interval, a cap on attempts,
 * and never past the configured share (75%) of the allocation, so that new changes keep flowing.
 */
import { DAY_MS } from '../../shared/limits';
import type { Store } from '../store';
import { isCrmAssociationError, requeueAssociationError } from './association-errors';

/** Categories a timer retry can fix (org automation toggled, duplicate removed…); the others wait for a change. */
const TIMER_RETRIED = new Set([
  'custom-code',
  'duplicates',
  'other',
  'permissions',
  'picklists',
  'property-mappings',
  'property-values',
]);

export interface AutoRetryOutcome {
  queued: number;
  /** True when retries were held back because the allocation share is reached. */
  heldByBudget: boolean;
}

/**
 * Calls left before the share of the allocation (75% by default) past which only new changes are sent:
 * automatic retries and other extra calls (duplicate checks) stop there.
 */
export async function callsLeftForExtras(store: Store, now: number): Promise<number> {
  const { retry, allocation } = await store.settings();
  return (allocation * retry.stopAtPercent) / 100 - (await store.calls24h(now));
}

/** Queues the errored records whose retry is due; returns how many. */
export async function queueDueRetries(store: Store, now: number): Promise<AutoRetryOutcome> {
  if ((await callsLeftForExtras(store, now)) <= 0) return { queued: 0, heldByBudget: true };
  const { retry } = await store.settings();
  const due = await store.dueRetries(now, retry.maxAttempts);
  let queued = 0;
  await store.tx(async () => {
    for (const e of due) {
      const retries = e.retries + 1;
      // After the last attempt no timer is left; a change on either side still resyncs it.
      const next =
        retries < retry.maxAttempts
          ? now + Math.min(DAY_MS, retry.intervalMinutes * 60_000 * 2 ** retries)
          : null;
      await store.scheduleRetry(String(e.id), retries, next);
      // A CRM association that failed is retried as an association, never as a push to Salesforce. Refusals
      // other than a blocked Account or the limit (e.g. a company deleted in HubSpot) are retried on the timer.
      if (isCrmAssociationError(e)) {
        const timed = TIMER_RETRIED.has(e.category) || e.rootCauseKey.startsWith(TIMED_KEY_PREFIX);
        if (timed && !(await store.isQueued('to-crm', e.crmType, e.sfId ?? '')))
          queued += Number(await requeueAssociationError(store, e, now));
        continue;
      }
      // A record created in Salesforce that the CRM refused has no CRM id yet: retry the create.
      const [direction, id] = e.crmId.startsWith('sf:')
        ? (['to-crm', e.crmId.slice(3)] as const)
        : (['to-sf', e.crmId] as const);
      if (!TIMER_RETRIED.has(e.category) || (await store.isQueued(direction, e.crmType, id))) continue;
      await store.enqueue(direction, e.crmType, id, { refetch: true, reason: 'automatic retry' }, now);
      queued++;
    }
  });
  return { queued, heldByBudget: false };
}

/** A refused CRM association other than a blocked Account or the limit: nothing to wait for but time. */
const TIMED_KEY_PREFIX = 'crm-association:';

/**
 * Schedules the first automatic retry of a newly recorded error (associations wait for their parent, except
 * refusals such as a company deleted in HubSpot, which only time or the admin can fix).
 */
export async function scheduleFirstRetry(
  store: Store,
  id: string,
  category: string,
  now: number,
): Promise<void> {
  if (category === 'associations' && !(await store.errorKeyStartsWith(id, TIMED_KEY_PREFIX))) return;
  await store.scheduleRetry(id, 0, now + (await store.settings()).retry.intervalMinutes * 60_000);
}
