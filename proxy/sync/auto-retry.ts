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
export function callsLeftForExtras(store: Store, now: number): number {
  const { retry, allocation } = store.settings();
  return (allocation * retry.stopAtPercent) / 100 - store.calls24h(now);
}

/** Queues the errored records whose retry is due; returns how many. */
export function queueDueRetries(store: Store, now: number): AutoRetryOutcome {
  if (callsLeftForExtras(store, now) <= 0) return { queued: 0, heldByBudget: true };
  const { retry } = store.settings();
  const due = store.dueRetries(now, retry.maxAttempts);
  let queued = 0;
  store.tx(() => {
    for (const e of due) {
      const retries = e.retries + 1;
      // After the last attempt no timer is left; a change on either side still resyncs it.
      const next =
        retries < retry.maxAttempts
          ? now + Math.min(DAY_MS, retry.intervalMinutes * 60_000 * 2 ** retries)
          : null;
      store.scheduleRetry(String(e.id), retries, next);
      // A CRM association that failed is retried as an association, never as a push to Salesforce. Refusals
      // other than a blocked Account or the limit (e.g. a company deleted in HubSpot) are retried on the timer.
      if (isCrmAssociationError(e)) {
        const timed = TIMER_RETRIED.has(e.category) || e.rootCauseKey.startsWith(TIMED_KEY_PREFIX);
        if (timed && !store.isQueued('to-crm', e.crmType, e.sfId ?? ''))
          queued += Number(requeueAssociationError(store, e, now));
        continue;
      }
      // A record created in Salesforce that the CRM refused has no CRM id yet: retry the create.
      const [direction, id] = e.crmId.startsWith('sf:')
        ? (['to-crm', e.crmId.slice(3)] as const)
        : (['to-sf', e.crmId] as const);
      if (!TIMER_RETRIED.has(e.category) || store.isQueued(direction, e.crmType, id)) continue;
      store.enqueue(direction, e.crmType, id, { refetch: true, reason: 'automatic retry' }, now);
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
export function scheduleFirstRetry(store: Store, id: string, category: string, now: number): void {
  if (category === 'associations' && !store.errorKeyStartsWith(id, TIMED_KEY_PREFIX)) return;
  store.scheduleRetry(id, 0, now + store.settings().retry.intervalMinutes * 60_000);
}
