import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorItem, ErrorsPage } from '../../../shared/api/errors';
import { type ApiHarness, startApiHarness } from './api-harness';

/** SQLite's NOCASE: ASCII letters fold, the rest compares as is. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** What each sort promises, written out independently of the SQL that implements it. */
const ORDER: Record<string, (a: ErrorItem, b: ErrorItem) => number> = {
  'last-attempt': (a, b) => cmp(b.lastSeen, a.lastSeen) || cmp(Number(b.id), Number(a.id)),
  'first-seen': (a, b) => cmp(b.firstSeen, a.firstSeen) || cmp(Number(b.id), Number(a.id)),
  record: (a, b) =>
    cmp(nocase(a.recordName ?? a.crmId), nocase(b.recordName ?? b.crmId)) || cmp(Number(a.id), Number(b.id)),
};

describe('GET /errors sorted and filtered by error type, over HTTP on the sandbox after a demo sync', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  async function allPages(query: string, limit: number): Promise<ErrorItem[]> {
    const seen: ErrorItem[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.get(`/errors?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as ErrorsPage;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it.each(Object.keys(ORDER))(
    'sort=%s pages through every open error once, in its order, across ties',
    async (sort) => {
      const paged = await allPages(`sort=${sort}`, 7);
      const all = (await allPages('', 500)).slice().sort(ORDER[sort]);
      expect(new Set(paged.map((i) => i.id)).size).toBe(paged.length);
      expect(paged.length).toBe((await h.store.summary()).totalOpenErrors);
      expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    },
  );

  it('the demo has ties on the last attempt, so the id tiebreak is exercised', async () => {
    const all = await allPages('', 500);
    expect(new Set(all.map((i) => i.lastSeen)).size).toBeLessThan(all.length);
  });

  it('sorts a category by record name A to Z, without regard to case', async () => {
    const items = await allPages('category=picklists&sort=record', 5);
    const names = items.map((i) => nocase(i.recordName ?? i.crmId));
    expect(names).toEqual(names.slice().sort());
  });

  it('filters by error type: only that sub-type, all of them, and the CSV holds the same rows', async () => {
    const byType = new Map<string, number>();
    for (const i of await allPages('category=custom-code', 500))
      byType.set(i.subType ?? '', (byType.get(i.subType ?? '') ?? 0) + 1);
    const [subType, count] = [...byType].sort((a, b) => b[1] - a[1])[0]!;
    expect(byType.size).toBeGreaterThan(0);
    const items = await allPages(`category=custom-code&subType=${subType}&sort=first-seen`, 3);
    expect(items.length).toBe(count);
    expect(items.every((i) => i.subType === subType)).toBe(true);
    const csv = parse(await (await h.get(`/errors/export?category=custom-code&subType=${subType}`)).text(), {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.map((r) => r['Error id']).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('filters by object: Salesforce object Contact holds only contacts', async () => {
    const items = await allPages('object=Contact', 500);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.sfObject === 'Contact' || i.crmType === 'Contact')).toBe(true);
  });

  it.each([
    ['sort=newest', '"sort" must be one of: last-attempt, first-seen, record'],
    ['subType=typo', '"subType" must be one of: '],
  ])('refuses %s with a 400 that lists the options', async (query, words) => {
    const res = await h.get(`/errors?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(words);
  });

  it('refuses a cursor made for another sort with a 400, instead of a page from the wrong place', async () => {
    const first = (await (await h.get('/errors?sort=record&limit=2')).json()) as ErrorsPage;
    expect(first.nextCursor).toBeTruthy();
    for (const sort of ['first-seen', 'last-attempt']) {
      const res = await h.get(`/errors?sort=${sort}&limit=2&cursor=${first.nextCursor}`);
      expect(res.status, sort).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('another sort');
    }
  });
});
