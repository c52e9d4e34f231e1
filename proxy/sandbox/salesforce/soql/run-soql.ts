/** @module Runs a SOQL query over the org's records: filter, sort, offset, limit and project, as the integration user. */

import type { FieldDef, OrgDefinition } from '../org-definition';
import type { SfRecord } from '../org-state';
import { canonicalId } from '../record-ids';
import type { RecordTable } from '../record-table';
import { type Condition, type Literal, parseSoql } from './parse-soql';
import { checkLiteral, type ResolvedPath, resolveObject, resolvePath } from './resolve-soql';
import { SoqlError } from './soql-error';

export interface SoqlResult {
  /** Rows projected to the selected fields, each with `attributes`; empty for COUNT(). */
  records: Record<string, unknown>[];
  totalSize: number;
}

export interface RunOptions {
  includeDeleted: boolean;
  urlOf: (type: string, id: string) => string;
}

const MAX_OFFSET = 2000;

export function runSoql(
  org: OrgDefinition,
  table: RecordTable,
  source: string,
  options: RunOptions,
): SoqlResult {
  const query = parseSoql(source);
  const object = resolveObject(org, query, source);
  const resolve = (ref: { path: string[]; pos: number }) => resolvePath(org, object, ref, source);
  const select = query.select === 'count' ? [] : query.select.map(resolve);
  const seen = new Set<string>();
  for (const [i, path] of select.entries()) {
    const key = pathKey(path);
    if (seen.has(key)) {
      const ref = (query.select as { pos: number }[])[i];
      throw new SoqlError('MALFORMED_QUERY', source, ref.pos, `duplicate field selected: ${key}`);
    }
    seen.add(key);
  }
  const where = query.where && compile(query.where, (ref) => resolve(ref), source);
  const order = query.orderBy.map((o) => ({ ...o, path: resolve(o.field) }));
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SoqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      source,
      source.length,
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
    );
  }

  const fieldValue = (record: SfRecord, path: ResolvedPath): unknown => {
    let current: SfRecord | undefined = record;
    for (const hop of path.hops) {
      const id: unknown = current?.[hop.field.name];
      current = typeof id === 'string' ? visible(table, hop.target.name, id) : undefined;
    }
    return current ? (current[path.field.name] ?? null) : null;
  };
  let rows = table
    .all(object.name)
    .filter((r) => !table.isHidden(r.Id) && (options.includeDeleted || !r.IsDeleted))
    .filter((r) => !where || where((path) => fieldValue(r, path)));
  if (order.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        // Sorted in the form filters compare (ids case-sensitively, text not): paging on "Id > last"
        // after "ORDER BY Id" must neither skip nor repeat a row.
        const diff = compareForSort(
          normalize(o.path.field, fieldValue(a, o.path)),
          normalize(o.path.field, fieldValue(b, o.path)),
          o.descending,
          o.nullsLast,
        );
        if (diff !== 0) return diff;
      }
      return 0;
    });
  }
  rows = rows.slice(
    query.offset ?? 0,
    query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit,
  );
  if (query.select === 'count') return { records: [], totalSize: rows.length };
  return {
    records: rows.map((r) => project(r, object.name, select, table, options.urlOf)),
    totalSize: rows.length,
  };
}

const pathKey = (p: ResolvedPath) => [...p.hops.map((h) => h.relationship), p.field.name].join('.');

function visible(table: RecordTable, object: string, id: string): SfRecord | undefined {
  const record = table.get(object, id);
  return record && !table.isHidden(id) ? record : undefined;
}

type Getter = (path: ResolvedPath) => unknown;
type Predicate = (get: Getter) => boolean;

function compile(
  c: Condition,
  resolve: (ref: { path: string[]; pos: number }) => ResolvedPath,
  source: string,
): Predicate {
  if (c.type === 'and' || c.type === 'or') {
    const left = compile(c.left, resolve, source);
    const right = compile(c.right, resolve, source);
    return c.type === 'and' ? (g) => left(g) && right(g) : (g) => left(g) || right(g);
  }
  if (c.type === 'not') {
    const inner = compile(c.inner, resolve, source);
    return (g) => !inner(g);
  }
  return compileLeaf(c, resolve(c.field), source);
}

type Leaf = Exclude<Condition, { type: 'and' | 'or' | 'not' }>;

function compileLeaf(c: Leaf, path: ResolvedPath, source: string): Predicate {
  const literals = c.type === 'in' ? c.values : c.type === 'like' ? [c.pattern] : [c.value];
  for (const l of literals) checkLiteral(path.field, l, source);
  const values = literals.map((l) => literalValue(path.field, l, source));
  if (c.type === 'like') {
    const regex = likeRegex(String(values[0] ?? ''));
    return (g) => {
      const v = g(path);
      return v !== null && regex.test(String(v));
    };
  }
  if (c.type === 'in') {
    return (g) => {
      const v = normalize(path.field, g(path));
      const found = values.some((x) => x === v);
      return c.negated ? !found : found;
    };
  }
  const [target] = values;
  const { op } = c;
  return (g) => {
    const v = normalize(path.field, g(path));
    if (op === '=') return v === target;
    // In SOQL, != matches nulls when compared with a value.
    if (op === '!=') return v !== target;
    if (v === null || target === null) return false;
    const diff = v < target ? -1 : v > target ? 1 : 0;
    return op === '<' ? diff < 0 : op === '>' ? diff > 0 : op === '<=' ? diff <= 0 : diff >= 0;
  };
}

/** Comparable form: text case-insensitive, ids in 18-character form, datetimes in ms. */
function normalize(field: FieldDef, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (field.type === 'id' || field.type === 'reference') return canonicalId(v) ?? String(v);
  if (field.type === 'datetime') return Date.parse(String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (typeof v === 'string') return v.toLowerCase();
  return v as number | boolean;
}

function literalValue(field: FieldDef, l: Literal, source: string): string | number | boolean | null {
  if (l.kind === 'null') return null;
  if ((field.type === 'id' || field.type === 'reference') && l.kind === 'string') {
    const id = canonicalId(l.value);
    if (!id)
      throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', source, l.pos, `invalid ID field: ${l.value}`);
    return id;
  }
  if (l.kind === 'string') return l.value.toLowerCase();
  return l.value;
}

function likeRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) out += pattern[++i];
    else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'is');
}

function compareForSort(a: unknown, b: unknown, descending: boolean, nullsLast: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an === nullsLast ? 1 : -1;
  // Already in normal form (text lower-cased, ids canonical): compared as they are.
  const x = a as string | number;
  const y = b as string | number;
  const diff = x < y ? -1 : x > y ? 1 : 0;
  return descending ? -diff : diff;
}

function project(
  record: SfRecord,
  type: string,
  select: ResolvedPath[],
  table: RecordTable,
  urlOf: RunOptions['urlOf'],
): Record<string, unknown> {
  const row: Record<string, unknown> = { attributes: { type, url: urlOf(type, record.Id) } };
  for (const path of select) {
    let target: Record<string, unknown> | null = row;
    let current: SfRecord | undefined = record;
    for (const hop of path.hops) {
      const id: unknown = current?.[hop.field.name];
      current = typeof id === 'string' ? visible(table, hop.target.name, id) : undefined;
      if (!target) break;
      if (!current) {
        target[hop.relationship] = null;
        target = null;
        break;
      }
      const existing = target[hop.relationship] as Record<string, unknown> | null | undefined;
      const nested = existing ?? {
        attributes: { type: hop.target.name, url: urlOf(hop.target.name, current.Id) },
      };
      target[hop.relationship] = nested;
      target = nested;
    }
    if (target && current) target[path.field.name] = current[path.field.name] ?? null;
  }
  return row;
}
