/** @module How many errors one "Resync selected" may carry, and what the button says about it. */

import { RESYNC_LIMIT } from '../../../shared/limits';

export { RESYNC_LIMIT };

export interface ResyncSelectedState {
  disabled: boolean;
  label: string;
  /** Why the button is disabled, said next to it (and read with it by screen readers). */
  reason: string | null;
}

/**
 * The "Resync selected" button for a selection of `count` errors.
 * @example resyncSelectedState(101).reason === 'Select at most 100 — use Resync all'
 */
export function resyncSelectedState(count: number, busy = false): ResyncSelectedState {
  const label = count > 0 ? `Resync selected (${count})` : 'Resync selected';
  if (count > RESYNC_LIMIT)
    return { disabled: true, label, reason: `Select at most ${RESYNC_LIMIT} — use Resync all` };
  if (count === 0) return { disabled: true, label, reason: 'Select the errors you fixed' };
  return { disabled: busy, label, reason: null };
}

/** Select all on the page, or clear the page when all of it is already selected; other pages keep theirs. */
export function togglePage(selected: ReadonlySet<string>, pageIds: readonly string[]): Set<string> {
  const next = new Set(selected);
  const allOn = pageIds.length > 0 && pageIds.every((id) => next.has(id));
  for (const id of pageIds) {
    if (allOn) next.delete(id);
    else next.add(id);
  }
  return next;
}

/** Whether the page's "select all" box shows checked, unchecked or mixed. */
export function pageSelection(selected: ReadonlySet<string>, pageIds: readonly string[]): boolean | 'mixed' {
  const on = pageIds.filter((id) => selected.has(id)).length;
  if (on === 0) return false;
  return on === pageIds.length ? true : 'mixed';
}
