/** @module Evaluates the declarative conditions of validation rules, flows, triggers and approval locks against a record. */
import type { Condition } from './org-definition';

const blank = (v: unknown) => v === null || v === undefined || v === '';
const asText = (v: unknown, ignoreCase?: boolean) => {
  const s = blank(v) ? '' : String(v);
  return ignoreCase ? s.toLowerCase() : s;
};

/** True when the condition holds for the record (field names are canonical API names). */
export function conditionHolds(condition: Condition, record: Record<string, unknown>): boolean {
  if ('and' in condition) return condition.and.every((c) => conditionHolds(c, record));
  if ('or' in condition) return condition.or.some((c) => conditionHolds(c, record));
  if ('not' in condition) return !conditionHolds(condition.not, record);
  if ('notBlank' in condition) return !blank(record[condition.notBlank]);
  if ('startsWith' in condition) {
    const { ignoreCase } = condition;
    return asText(record[condition.startsWith], ignoreCase).startsWith(asText(condition.value, ignoreCase));
  }
  if ('contains' in condition) {
    const { ignoreCase } = condition;
    return asText(record[condition.contains], ignoreCase).includes(asText(condition.value, ignoreCase));
  }
  if ('equals' in condition) return (record[condition.equals] ?? null) === condition.value;
  // Like formula fields, a blank number never satisfies a comparison.
  if ('lessThan' in condition) {
    const v = record[condition.lessThan];
    return typeof v === 'number' && v < condition.value;
  }
  const v = record[condition.greaterThan];
  return typeof v === 'number' && v > condition.value;
}
