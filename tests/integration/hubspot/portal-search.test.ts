import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

// Read-only searches share one portal: five companies, employees 10..50, city on the even ones.
describe('HubSpot portal: search', () => {
  let portal: ServedPortal;
  const ids: string[] = [];
  beforeAll(async () => {
    let clock = Date.UTC(2026, 0, 1);
    portal = await servePortal({ seed: false, now: () => (clock += 1000) });
    for (let i = 0; i < 5; i++) {
      const city: Record<string, string> = i % 2 === 0 ? { city: `City${i}` } : {};
      ids.push(
        portal.sandbox.control.createRecord('companies', {
          name: `S${i}`,
          numberofemployees: String((i + 1) * 10),
          ...city,
        }),
      );
    }
  });
  afterAll(() => portal.close());

  const search = (body: Record<string, unknown>) => portal.api('/crm/v3/objects/companies/search', { body });
  const names = async (body: Record<string, unknown>) =>
    (
      (await (await search({ properties: ['name'], limit: 100, ...body })).json()).results as {
        properties: { name: string };
      }[]
    ).map((r) => r.properties.name);
  const one = (filter: Record<string, unknown>) => ({ filterGroups: [{ filters: [filter] }] });

  it.each([
    ['EQ', { propertyName: 'numberofemployees', operator: 'EQ', value: '30' }, ['S2']],
    ['NEQ', { propertyName: 'numberofemployees', operator: 'NEQ', value: '30' }, ['S0', 'S1', 'S3', 'S4']],
    ['GT', { propertyName: 'numberofemployees', operator: 'GT', value: '30' }, ['S3', 'S4']],
    ['GTE', { propertyName: 'numberofemployees', operator: 'GTE', value: '30' }, ['S2', 'S3', 'S4']],
    ['LT', { propertyName: 'numberofemployees', operator: 'LT', value: '30' }, ['S0', 'S1']],
    ['LTE', { propertyName: 'numberofemployees', operator: 'LTE', value: '30' }, ['S0', 'S1', 'S2']],
    ['HAS_PROPERTY', { propertyName: 'city', operator: 'HAS_PROPERTY' }, ['S0', 'S2', 'S4']],
    ['NOT_HAS_PROPERTY', { propertyName: 'city', operator: 'NOT_HAS_PROPERTY' }, ['S1', 'S3']],
    ['IN', { propertyName: 'name', operator: 'IN', values: ['s1', 'S4', 'nobody'] }, ['S1', 'S4']],
  ])('filters with %s', async (_op, filter, expected) => {
    expect(await names(one(filter))).toEqual(expected);
  });

  it('compares datetimes given as epoch milliseconds', async () => {
    const filter = {
      propertyName: 'hs_lastmodifieddate',
      operator: 'GTE',
      value: String(Date.UTC(2026, 0, 1, 0, 0, 4)),
    };
    expect(await names(one(filter))).toEqual(['S3', 'S4']);
  });

  it('ANDs the filters of a group and ORs the groups', async () => {
    const filterGroups = [
      {
        filters: [
          { propertyName: 'city', operator: 'HAS_PROPERTY' },
          { propertyName: 'numberofemployees', operator: 'GT', value: '20' },
        ],
      },
      { filters: [{ propertyName: 'name', operator: 'EQ', value: 'S1' }] },
    ];
    expect(await names({ filterGroups })).toEqual(['S1', 'S2', 'S4']);
  });

  it('sorts by one property, descending when asked', async () => {
    expect(await names({ sorts: [{ propertyName: 'numberofemployees', direction: 'DESCENDING' }] })).toEqual([
      'S4',
      'S3',
      'S2',
      'S1',
      'S0',
    ]);
  });

  it('pages with `after` and reports the total', async () => {
    const first = await (await search({ limit: 2, properties: ['name'] })).json();
    expect(first.total).toBe(5);
    expect(first.paging.next.after).toBe('2');
    const last = await (await search({ limit: 2, after: '4', properties: ['name'] })).json();
    expect(last.results.map((r: { id: string }) => r.id)).toEqual([ids[4]]);
    expect(last.paging).toBeUndefined();
  });

  it.each([
    ['a limit above 200', { limit: 201 }, 'at most 200 per page'],
    ['paging past the 10,000th result', { limit: 100, after: '9950' }, 'limited to the first 10000 results'],
    ['two sorting rules', { sorts: ['name', 'city'] }, 'one sorting rule'],
    [
      'a filter on an unknown property',
      one({ propertyName: 'nope', operator: 'EQ', value: '1' }),
      'property "nope" does not exist',
    ],
    ['a comparison without a value', one({ propertyName: 'name', operator: 'EQ' }), 'needs a "value"'],
  ])('rejects %s with a 400 VALIDATION_ERROR', async (_what, body, message) => {
    const res = await search(body);
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.category).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(message);
  });
});
