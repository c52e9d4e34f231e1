/**
 * @module The filters of a DYNAMIC list (Lists v3 `filterBranch`), the subset the portal evaluates:
 * a root OR branch of AND branches holding PROPERTY filters, as HubSpot's list-filters guide requires
 * ("the root branch is OR, its children AND"). Operation types STRING, MULTISTRING, ENUMERATION,
 * BOOL and ALL_PROPERTY; other filter types (associations, events, forms) are refused with a 400 that
 * says what is served, rather than ignored (a list that silently matched everyone would be worse).
 */
import { z } from 'zod';
import { badRequest } from './portal-error';
import type { StoredRecord } from './portal-store';

const operation = z.object({
  operationType: z.string(),
  operator: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
  includeObjectsWithNoValueSet: z.boolean().optional(),
});
const filter = z.object({
  filterType: z.string(),
  property: z.string().optional(),
  operation: operation.optional(),
});
const andBranch = z.object({
  filterBranchType: z.string(),
  filterBranchOperator: z.string().optional(),
  filters: z.array(filter).default([]),
  filterBranches: z.array(z.unknown()).default([]),
});
export const filterBranchSchema = z.object({
  filterBranchType: z.string(),
  filterBranchOperator: z.string().optional(),
  filters: z.array(filter).default([]),
  filterBranches: z.array(andBranch).default([]),
});
export type FilterBranch = z.infer<typeof filterBranchSchema>;
type Filter = z.infer<typeof filter>;

const STRING_OPERATORS = [
  'IS_EQUAL_TO',
  'IS_NOT_EQUAL_TO',
  'CONTAINS',
  'DOES_NOT_CONTAIN',
  'STARTS_WITH',
  'ENDS_WITH',
];
const OPERATORS: Record<string, string[]> = {
  STRING: STRING_OPERATORS,
  MULTISTRING: STRING_OPERATORS,
  ENUMERATION: ['IS_ANY_OF', 'IS_NONE_OF'],
  BOOL: ['IS_EQUAL_TO', 'IS_NOT_EQUAL_TO'],
  ALL_PROPERTY: ['IS_KNOWN', 'IS_UNKNOWN'],
};

/** Checks the branch's shape and filters; throws a 400 naming the first thing this portal cannot evaluate. */
export function checkFilterBranch(branch: FilterBranch): FilterBranch {
  if (branch.filterBranchType !== 'OR' || branch.filters.length) {
    throw badRequest(
      'filterBranch: the root branch must be filterBranchType "OR" with no filters of its own, holding AND branches',
      'INVALID_FILTER_BRANCH',
    );
  }
  for (const [i, and] of branch.filterBranches.entries()) {
    if (and.filterBranchType !== 'AND' || and.filterBranches.length) {
      throw badRequest(
        `filterBranch.filterBranches[${i}]: each child of the root must be an "AND" branch without nested branches (association branches are not served by this portal)`,
        'INVALID_FILTER_BRANCH',
      );
    }
    for (const [j, f] of and.filters.entries()) {
      const at = `filterBranch.filterBranches[${i}].filters[${j}]`;
      if (f.filterType !== 'PROPERTY' || !f.property || !f.operation) {
        throw badRequest(
          `${at}: filterType "${f.filterType}" is not served by this portal; use PROPERTY filters with a property and an operation`,
          'INVALID_FILTER',
        );
      }
      const allowed = OPERATORS[f.operation.operationType];
      if (!allowed?.includes(f.operation.operator)) {
        throw badRequest(
          `${at}: operator ${f.operation.operator} of operationType ${f.operation.operationType} is not served; options: ${Object.entries(
            OPERATORS,
          )
            .map(([t, ops]) => `${t} (${ops.join(', ')})`)
            .join('; ')}`,
          'INVALID_FILTER',
        );
      }
    }
  }
  return branch;
}

/** The branch as HubSpot answers it: every branch names its operator, every operation its no-value rule. */
export function publicFilterBranch(branch: FilterBranch) {
  const op = (f: Filter) => ({
    ...f,
    operation: f.operation ? { includeObjectsWithNoValueSet: false, ...f.operation } : undefined,
  });
  return {
    filterBranchType: branch.filterBranchType,
    filterBranchOperator: branch.filterBranchType,
    filters: branch.filters.map(op),
    filterBranches: branch.filterBranches.map((b) => ({
      filterBranchType: b.filterBranchType,
      filterBranchOperator: b.filterBranchType,
      filters: b.filters.map(op),
      filterBranches: [],
    })),
  };
}

function passes(record: StoredRecord, f: Filter): boolean {
  const o = f.operation!;
  const raw = record.properties[f.property!];
  const value = raw === undefined || raw === '' ? null : raw.toLowerCase();
  if (o.operationType === 'ALL_PROPERTY') return o.operator === 'IS_KNOWN' ? value !== null : value === null;
  const wanted = (o.values ?? (o.value === undefined ? [] : [o.value])).map((v) => String(v).toLowerCase());
  if (value === null) {
    const negative = ['IS_NOT_EQUAL_TO', 'DOES_NOT_CONTAIN', 'IS_NONE_OF'].includes(o.operator);
    return negative && (o.includeObjectsWithNoValueSet ?? false);
  }
  switch (o.operator) {
    case 'IS_EQUAL_TO':
    case 'IS_ANY_OF':
      return wanted.includes(value);
    case 'IS_NOT_EQUAL_TO':
    case 'IS_NONE_OF':
      return !wanted.includes(value);
    case 'CONTAINS':
      return wanted.some((w) => value.includes(w));
    case 'DOES_NOT_CONTAIN':
      return !wanted.some((w) => value.includes(w));
    case 'STARTS_WITH':
      return wanted.some((w) => value.startsWith(w));
    case 'ENDS_WITH':
      return wanted.some((w) => value.endsWith(w));
    default:
      return false;
  }
}

/** Whether a record belongs to a DYNAMIC list: it passes every filter of at least one AND branch. */
export function matchesBranch(record: StoredRecord, branch: FilterBranch): boolean {
  return branch.filterBranches.some((and) => and.filters.every((f) => passes(record, f)));
}
