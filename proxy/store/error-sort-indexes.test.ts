import { describe, expect, it } from 'vitest';
import { openStore } from './index';
import type { ErrorInput } from './types';

const picklistError = (i: number): ErrorInput => ({
  category: i % 2 ? 'picklists' : 'property-values',
  crmType: 'companies',
  crmId: String(i),
  sfObject: 'Account',
  recordName: i % 7 ? `Company ${i}` : null,
  code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  subType: 'picklist-value-missing',
  field: 'Industry',
  value: `v${i}`,
  rootCauseKey: `picklist:Account.Industry:v${i}`,
  message: `Industry: bad value for restricted picklist field: v${i}`,
});

/** A store with enough rows that SQLite's planner prefers an index to a scan and sort when it has one. */
async function filledStore() {
  const store = openStore(':memory:');
  await store.tx(async () => {
    for (let i = 0; i < 2_000; i++)
      await store.recordError(picklistError(i), 1_000_000 + ((i * 7919) % 2_000));
  });
  return store;
}

describe('error table sorts read their first page from an index', () => {
  const cases = [
    { sort: 'last-attempt', all: 'errors_page', category: 'errors_page_cat' },
    { sort: 'first-seen', all: 'errors_page_first', category: 'errors_page_cat_first' },
    { sort: 'record', all: 'errors_page_record', category: 'errors_page_cat_record' },
  ] as const;

  for (const { sort, all, category } of cases) {
    it(`sorting by ${sort} within a category seeks ${category} and sorts nothing in memory`, async () => {
      const store = await filledStore();
      const plan = await store.planOfListErrors({ category: 'picklists' }, { sort, limit: 50 });
      expect(plan.join(' | ')).toMatch(
        new RegExp(`USING INDEX ${category} \\(status=\\? AND category=\\?\\)`),
      );
      expect(plan.join(' | ')).not.toContain('TEMP B-TREE');
      // The next page continues through the same index.
      const first = await store.listErrors({ category: 'picklists' }, { sort, limit: 50 });
      const next = await store.planOfListErrors(
        { category: 'picklists' },
        { sort, limit: 50, cursor: first.nextCursor! },
      );
      expect(next.join(' | ')).toContain(`USING INDEX ${category}`);
      expect(next.join(' | ')).not.toContain('TEMP B-TREE');
      await store.close();
    });

    it(`sorting all open errors by ${sort} seeks ${all} and sorts nothing in memory`, async () => {
      const store = await filledStore();
      const plan = await store.planOfListErrors({}, { sort, limit: 50 });
      expect(plan.join(' | ')).toMatch(new RegExp(`USING INDEX ${all} \\(status=\\?\\)`));
      expect(plan.join(' | ')).not.toContain('TEMP B-TREE');
      await store.close();
    });
  }

  it('pages through every row of the record sort once, names in order regardless of case, ids for nameless rows', async () => {
    const store = await filledStore();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listErrors({ category: 'picklists' }, { sort: 'record', limit: 97, cursor });
      seen.push(...page.items.map((e) => e.recordName ?? e.crmId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(1_000);
    expect(new Set(seen).size).toBe(1_000);
    const sorted = [...seen].sort((a, b) =>
      a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
    );
    expect(seen).toEqual(sorted);
    await store.close();
  });
});
