/** @module The category view's caption: its counts, and under a filter what the filter matches out of all. */
import { countOf, formatCount } from '../format';
import { OBJECT_OPTIONS } from './CategoryFilters';

export interface CategoryCounts {
  openErrors: number;
  affectedRecords: number;
}

/** What the table is filtered by, and how many errors that filter matches (GET /errors' `total`). */
export interface FilteredCount {
  total: number;
  /** The object filter (a Salesforce object: Contact, Account, Opportunity, Lead). */
  object?: string;
  /** Whether search, error type or cause narrow it too. */
  narrowed: boolean;
}

/**
 * "40 open errors · 38 affected records"; under a filter, what it matches out of the category's whole:
 * "12 errors on Leads · 40 in all", "3 errors match · 40 in all".
 */
export function countsText(counts: CategoryCounts | null, filtered: FilteredCount | null): string {
  if (!counts) return ' ';
  if (!filtered)
    return `${countOf(counts.openErrors, 'open error')} · ${countOf(counts.affectedRecords, 'affected record')}`;
  const label = OBJECT_OPTIONS.find(([value]) => value === filtered.object)?.[1];
  const on = label ? ` on ${label}` : '';
  const match = filtered.narrowed ? (filtered.total === 1 && !on ? ' matches' : ' match') : '';
  return `${countOf(filtered.total, 'error')}${on}${match} · ${formatCount(counts.openErrors)} in all`;
}
