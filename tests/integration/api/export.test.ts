import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDetail, ErrorsPage, RootCauseGroupItem } from '../../../shared/api/errors';
import { type ApiHarness, startApiHarness } from './api-harness';

type CsvRow = Record<string, string>;

describe('GET /errors/export on the sandbox after a demo sync', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  const csvOf = async (query: string) => {
    const res = await h.get(`/errors/export${query ? `?${query}` : ''}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    return { res, text, rows: parse(text, { columns: true }) as CsvRow[] };
  };
  /** Every id GET /errors answers for the same filters, page after page. */
  const listedIds = async (query: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await h.get(`/errors?limit=500&${query}${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()) as ErrorsPage;
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };

  it('downloads every open error as one CSV row with the columns of the table', async () => {
    const { res, rows } = await csvOf('');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="sync-health-errors-all-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(rows.length).toBe((await h.store.summary()).totalOpenErrors);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        'Error id',
        'Category',
        'Error type',
        'Record',
        'HubSpot id',
        'Salesforce id',
        'Field',
        'Value',
        'Rule',
        'Error detail',
        'Affected records',
        'First seen',
        'Last attempt',
        'HubSpot link',
        'Salesforce link',
        'How to fix',
      ]),
    );
  });

  it.each(['custom-code', 'associations', 'picklists'])(
    'writes the same values for a %s error as GET /errors/:id shows',
    async (category) => {
      const { rows } = await csvOf(`category=${category}`);
      const row = rows[0]!;
      const { error } = (await (await h.get(`/errors/${row['Error id']}`)).json()) as ErrorDetail;
      expect(row).toMatchObject({
        Category: category,
        'Error type': error.title,
        Record: error.recordName ?? '',
        'HubSpot id': error.crmId,
        'Salesforce id': error.sfId ?? '',
        Value: error.value ?? '',
        'Error detail': error.summary ?? error.message,
        'Affected records': String(error.affectedRecords),
        'HubSpot link': error.crmUrl ?? '',
        'Salesforce link': error.sfUrl ?? '',
        'How to fix': error.steps.join(' | '),
        'Last attempt': new Date(error.lastSeen).toISOString(),
      });
    },
  );

  it.each([
    ['a category', 'category=picklists'],
    ['a text search', 'q=Podcast'],
    ['an object', 'object=deals'],
    ['a category and an object', 'category=custom-code&object=Account'],
  ])('filters by %s exactly as GET /errors does', async (_, query) => {
    const expected = await listedIds(query);
    expect(expected.length).toBeGreaterThan(0);
    const { rows } = await csvOf(query);
    expect(rows.map((r) => r['Error id'])).toEqual(expected);
  });

  it('filters by root-cause group and names the file after the category', async () => {
    const { groups } = (await (await h.get('/errors/groups?category=picklists')).json()) as {
      groups: RootCauseGroupItem[];
    };
    const group = groups[0]!;
    const { res, rows } = await csvOf(`category=picklists&group=${encodeURIComponent(group.rootCauseKey)}`);
    expect(res.headers.get('content-disposition')).toContain('filename="sync-health-errors-picklists-');
    expect(rows.length).toBe(group.errors);
    expect(new Set(rows.map((r) => r.Value))).toEqual(new Set([group.value ?? '']));
  });

  it('writes a cell a spreadsheet would run as a formula as text, with a leading apostrophe', async () => {
    await h.store.recordError(
      {
        category: 'property-values',
        crmType: 'contacts',
        crmId: '990001',
        sfObject: 'Contact',
        recordName: '=HYPERLINK("https://example.com/steal","Open")',
        code: 'STRING_TOO_LONG',
        subType: 'value-too-long',
        field: 'Phone',
        value: '+1 555 0100',
        rootCauseKey: 'too-long:Contact.Phone',
        message: '@SUM(1+1) Phone: data value too large (max length=40)',
      },
      Date.now(),
    );
    const { rows } = await csvOf('q=990001');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Record: `'=HYPERLINK("https://example.com/steal","Open")`,
      Value: `'+1 555 0100`,
      'Error detail': `'@SUM(1+1) Phone: data value too large (max length=40)`,
      'HubSpot id': '990001',
      'Affected records': '1',
    });
  });

  it('answers a header line only when nothing matches', async () => {
    const { rows, text } = await csvOf('q=no-such-record-anywhere');
    expect(rows).toEqual([]);
    expect(text.trim().split('\n')).toHaveLength(1);
  });
});
