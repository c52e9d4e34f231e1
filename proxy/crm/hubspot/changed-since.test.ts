import { describe, expect, it } from 'vitest';
import type { CrmCursor, CrmRecord } from '../types';
import { changedSince, type Search, type SearchPageRequest } from './changed-since';

// HubSpot documents one sort and no order among equal values. This in-memory search honours
// the filters and the sort but returns ties in REVERSE id order, the least convenient order the
// real service could pick; the sandbox portal happens to break ties by id, so it cannot show this.
function adversarialSearch(records: CrmRecord[], calls: SearchPageRequest[]): Search {
  const value = (r: CrmRecord, name: string) =>
    name === 'hs_object_id' ? Number(r.id) : Date.parse(r.updatedAt);
  return async (_type, request) => {
    calls.push(request);
    const match = (r: CrmRecord) =>
      request.filterGroups.length === 0 ||
      request.filterGroups.some((g) =>
        g.filters.every((f) => {
          const a = value(r, f.propertyName);
          if (f.operator === 'IN') return false;
          const b = Number(f.value);
          return f.operator === 'EQ' ? a === b : f.operator === 'GT' ? a > b : a >= b;
        }),
      );
    const sortBy = request.sorts[0].propertyName;
    return records
      .filter(match)
      .sort((x, y) => value(x, sortBy) - value(y, sortBy) || Number(y.id) - Number(x.id))
      .slice(0, request.limit);
  };
}

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const record = (id: number, ms: number): CrmRecord => ({ id: String(id), properties: {}, updatedAt: at(ms) });

async function drain(search: Search, limit: number) {
  const out: string[] = [];
  let cursor: CrmCursor | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await changedSince(search, 'deals', cursor, [], limit);
    if (!page.next) return out;
    out.push(...page.records.map((r) => r.id));
    cursor = page.next;
  }
  throw new Error('changedSince never reported up to date');
}

describe('changedSince over a search with unordered ties', () => {
  it.each([1, 7, 150, 500])('reads every record once, in time then id order, %i per call', async (limit) => {
    // 700 records; timestamps shared by runs of 1 to 260 records, beyond one search page.
    const records: CrmRecord[] = [];
    let ms = 0;
    for (let id = 1; records.length < 700; ms += 10) {
      const run = [1, 3, 260, 2, 17, 1][ms % 6];
      for (let k = 0; k < run && records.length < 700; k++) records.push(record(id++, ms));
    }
    const calls: SearchPageRequest[] = [];
    const ids = await drain(adversarialSearch(records, calls), limit);
    expect(ids).toEqual(records.map((r) => r.id));
    expect(calls.every((c) => c.limit <= 200 && c.sorts.length === 1)).toBe(true);
  });

  it('asks for the modified date property and sorts by it', async () => {
    const calls: SearchPageRequest[] = [];
    await changedSince(adversarialSearch([record(1, 0)], calls), 'contacts', null, ['email']);
    expect(calls[0].properties).toEqual(['email', 'lastmodifieddate']);
    expect(calls[0].sorts).toEqual([{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }]);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    await expect(changedSince(adversarialSearch([], []), 'deals', null, [], 0)).rejects.toThrow(
      /limit must be/,
    );
  });
});
