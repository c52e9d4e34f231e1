import { describe, expect, it } from 'vitest';
import { countsText } from './category-counts';

const counts = { openErrors: 40, affectedRecords: 38 };

describe("the category view's counts", () => {
  it('count the whole category when nothing is filtered', () => {
    expect(countsText(counts, null)).toBe('40 open errors · 38 affected records');
  });

  it('follow the object filter, with the whole category after them', () => {
    expect(countsText(counts, { total: 12, object: 'Lead', narrowed: false })).toBe(
      '12 errors on Leads · 40 in all',
    );
    expect(countsText(counts, { total: 1, object: 'Account', narrowed: false })).toBe(
      '1 error on Companies (Accounts) · 40 in all',
    );
  });

  it('say what a search or error type matches', () => {
    expect(countsText(counts, { total: 3, narrowed: true })).toBe('3 errors match · 40 in all');
    expect(countsText(counts, { total: 1, narrowed: true })).toBe('1 error matches · 40 in all');
    expect(countsText(counts, { total: 2, object: 'Lead', narrowed: true })).toBe(
      '2 errors on Leads match · 40 in all',
    );
  });

  it('group thousands', () => {
    expect(countsText({ openErrors: 12_345, affectedRecords: 9_999 }, { total: 1_234, narrowed: true })).toBe(
      '1,234 errors match · 12,345 in all',
    );
  });
});
