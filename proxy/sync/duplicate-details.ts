/**
 * @module The other copy behind a duplicate-rule error. sObject Collections answer DUPLICATES_DETECTED
 * with the rule's message only, so for each new such error the record is sent once more alone, asking
 * the rule for its details: the existing Salesforce record it matches, the rule's name, and the field
 * whose value is the same. One call per error, and only below the share of the allocation where
 * automatic retries stop too (75% by default): the rest is kept for new changes. Once the rule has
 * answered, the error never costs a call again while it stays open; an error the budget, a crash or a
 * failed call kept from being asked is asked at its next push (retry or resync).
 */
import type { DuplicateCheck } from '../salesforce/adapter';
import { BudgetExceededError } from '../salesforce/api-meter';
import type { Store } from '../store';
import { callsLeftForExtras } from './auto-retry';
import type { PushContext } from './contexts';
import type { ObjectMapping } from './default-mapping';

/** A new duplicate-rule error and the body that was refused. */
export interface DuplicateToDescribe {
  errorId: string;
  crmId: string;
  body: Record<string, unknown>;
}

/** At most this many extra calls after one batch: a sudden flood of duplicates stays cheap. */
export const MAX_DESCRIBED_PER_BATCH = 20;

export async function describeDuplicates(
  ctx: Pick<PushContext, 'store' | 'salesforce' | 'now'>,
  m: ObjectMapping,
  wanted: DuplicateToDescribe[],
): Promise<void> {
  for (const w of wanted.slice(0, MAX_DESCRIBED_PER_BATCH)) {
    if ((await callsLeftForExtras(ctx.store, ctx.now())) < 1) return;
    let check: DuplicateCheck;
    try {
      check = await ctx.salesforce.checkDuplicate(m.sfObject, m.externalId, w.body);
    } catch (err) {
      // Out of budget: the sync's own writes come first. Other failures: the error stays as it was.
      if (err instanceof BudgetExceededError) return;
      continue;
    }
    if (check.kind === 'duplicate') {
      const field = check.match.sameFields[0] ?? null;
      const value = field && w.body[field] != null ? String(w.body[field]) : null;
      const rule = check.match.rule ? ` (duplicate rule ${check.match.rule})` : '';
      await ctx.store.describeDuplicate(w.errorId, {
        duplicateOf: check.match.matchIds[0]!,
        rule: check.match.rule,
        field,
        value,
        summary: `Matches an existing ${m.sfObject}${field ? ` on ${field}` : ''}${rule}`,
      });
    } else {
      await ctx.store.markDuplicateChecked(w.errorId);
      // The rule let it through this time (the other copy changed): the next push records it as synced.
      if (check.kind === 'saved') await requeue(ctx.store, m, w.crmId, ctx.now());
    }
  }
}

async function requeue(store: Store, m: ObjectMapping, crmId: string, t: number): Promise<void> {
  if (!(await store.isQueued('to-sf', m.crmType, crmId)))
    await store.enqueue(
      'to-sf',
      m.crmType,
      crmId,
      { refetch: true, reason: 'saved while checking a duplicate' },
      t,
    );
}
