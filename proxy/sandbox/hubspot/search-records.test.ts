import { describe, expect, it } from 'vitest';
import type { StoredRecord } from './portal-store';
import { defaultPropertyDefinitions } from './property-definitions';
import { createViewCache } from './search-index';
import { type SearchRequest, searchRecords, searchRequestSchema } from './search-records';

/** mulberry32: the same records and searches on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const defs = defaultPropertyDefinitions().contacts;
const T0 = Date.UTC(2026, 0, 1);

/** Contacts whose modification times collide often (batches written in one millisecond), some without a value. */
function contacts(n: number, random: () => number): StoredRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const id = String(51001 + i);
    const modified = new Date(T0 + Math.floor(random() * 40) * 1000).toISOString();
    const properties: Record<string, string> = { hs_object_id: id, lastmodifieddate: modified };
    if (random() < 0.9) properties.email = `p${Math.floor(random() * 60)}@x.example`;
    return { id, properties, createdAt: T0, updatedAt: T0 };
  });
}

function request(body: unknown): SearchRequest {
  return searchRequestSchema.parse(body);
}

describe('CRM search served from sorted views', () => {
  const random = prng(7);
  const records = contacts(600, random);
  const views = createViewCache(
    () => records,
    () => records,
    () => 0,
  );
  const viewOf = (def: (typeof defs)[number]) => views('contacts', def);
  const time = () => String(T0 + Math.floor(random() * 42) * 1000);
  const id = () => String(51001 + Math.floor(random() * 620));
  const searches: [string, () => unknown][] = [
    [
      'changed after a time, or at that time after an id (the sync paging a portal)',
      () => {
        const t = time();
        return {
          filterGroups: [
            { filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: t }] },
            {
              filters: [
                { propertyName: 'lastmodifieddate', operator: 'EQ', value: t },
                { propertyName: 'hs_object_id', operator: 'GT', value: id() },
              ],
            },
          ],
          sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
          limit: 100,
        };
      },
    ],
    [
      'one time walked by id',
      () => ({
        filterGroups: [
          {
            filters: [
              { propertyName: 'lastmodifieddate', operator: 'EQ', value: time() },
              { propertyName: 'hs_object_id', operator: 'GT', value: id() },
            ],
          },
        ],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        limit: 7,
      }),
    ],
    [
      'a window of times, paged',
      () => ({
        filterGroups: [
          {
            filters: [
              { propertyName: 'lastmodifieddate', operator: 'GTE', value: time() },
              { propertyName: 'lastmodifieddate', operator: 'LTE', value: time() },
            ],
          },
        ],
        sorts: ['lastmodifieddate'],
        limit: 13,
        after: String(Math.floor(random() * 30)),
      }),
    ],
    [
      'ids below a bound, or above another',
      () => ({
        filterGroups: [
          { filters: [{ propertyName: 'hs_object_id', operator: 'LT', value: id() }] },
          { filters: [{ propertyName: 'hs_object_id', operator: 'GTE', value: id() }] },
        ],
        limit: 50,
        after: String(Math.floor(random() * 200)),
      }),
    ],
    [
      'an email, case aside (a text property)',
      () => ({
        filterGroups: [
          {
            filters: [
              { propertyName: 'email', operator: 'EQ', value: `P${Math.floor(random() * 60)}@X.example` },
            ],
          },
        ],
        sorts: [{ propertyName: 'email', direction: 'ASCENDING' }],
        limit: 5,
      }),
    ],
  ];

  it.each(searches)('answers "%s" exactly as a scan of every record does', (_, make) => {
    for (let i = 0; i < 60; i++) {
      const body = request(make());
      const scanned = searchRecords(() => records, defs, body);
      let scans = 0;
      const indexed = searchRecords(
        () => {
          scans++;
          return records;
        },
        defs,
        body,
        viewOf,
      );
      expect(scans).toBe(0);
      expect(indexed.total).toBe(scanned.total);
      expect(indexed.page.map((r) => r.id)).toEqual(scanned.page.map((r) => r.id));
      expect(indexed.nextAfter).toBe(scanned.nextAfter);
    }
  });

  it('still scans a search no view can serve (a text query, a descending sort, an inequality)', () => {
    const bodies = [
      { query: 'p1', limit: 20 },
      {
        filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: time() }] }],
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
        limit: 20,
      },
      {
        filterGroups: [{ filters: [{ propertyName: 'email', operator: 'NEQ', value: 'p1@x.example' }] }],
        limit: 20,
      },
    ];
    for (const body of bodies.map(request)) {
      let scans = 0;
      const indexed = searchRecords(
        () => {
          scans++;
          return records;
        },
        defs,
        body,
        viewOf,
      );
      expect(scans).toBe(1);
      expect(indexed.page.map((r) => r.id)).toEqual(
        searchRecords(() => records, defs, body).page.map((r) => r.id),
      );
    }
  });

  it('sees a record written after the view was built once the version moves', () => {
    const own = contacts(50, prng(3));
    let moved = 0;
    const ownViews = createViewCache(
      () => own,
      () => own,
      () => moved,
    );
    const body = request({
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: String(T0 + 50_000) }] },
      ],
      limit: 10,
    });
    const search = () =>
      searchRecords(
        () => own,
        defs,
        body,
        (def) => ownViews('contacts', def),
      );
    expect(search().total).toBe(0);
    own[3].properties.lastmodifieddate = new Date(T0 + 60_000).toISOString();
    moved++;
    expect(search().page.map((r) => r.id)).toEqual([own[3].id]);
  });
});
