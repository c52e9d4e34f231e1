/**
 * @module Reading Salesforce's DuplicateResult (on a DUPLICATES_DETECTED error of a single-record call):
 * the duplicate rule, the existing records it matched and, with `includeRecordDetails=true`, the
 * fields whose values were the same. See ../shared/salesforce-api.md §2 for the shape.
 */

export interface DuplicateMatch {
  /** The duplicate rule's developer name. */
  rule: string | null;
  /** The existing records the rule matched, most confident first. */
  matchIds: string[];
  /** The match fields whose values are the same on both records. */
  sameFields: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Null when the value is not a DuplicateResult with at least one matched record. */
export function readDuplicateResult(value: unknown): DuplicateMatch | null {
  if (!isObject(value)) return null;
  const records = list(value.matchResults)
    .flatMap((r) => (isObject(r) ? list(r.matchRecords) : []))
    .filter(isObject)
    .sort((a, b) => Number(b.matchConfidence ?? 0) - Number(a.matchConfidence ?? 0));
  const matchIds = records.flatMap((m) => {
    const id = isObject(m.record) ? m.record.Id : undefined;
    return typeof id === 'string' ? [id] : [];
  });
  if (!matchIds.length) return null;
  const sameFields = list(records[0]?.fieldDiffs)
    .filter(isObject)
    .filter((d) => d.difference === 'SAME' && typeof d.name === 'string')
    .map((d) => String(d.name));
  return {
    rule: typeof value.duplicateRule === 'string' ? value.duplicateRule : null,
    matchIds,
    sameFields,
  };
}
