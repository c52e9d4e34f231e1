import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness';

const hundredOne = Array.from({ length: 101 }, (_, i) => String(i + 1));

/** [method, path, status, body (null for GET), words the message must contain] */
const CASES: [string, string, number, unknown, string[]][] = [
  ['GET', '/errors?limit=501', 400, null, ['limit', '500']],
  ['GET', '/errors?limit=0', 400, null, ['limit', 'at least 1']],
  ['GET', '/errors?limit=ten', 400, null, ['limit']],
  ['GET', '/errors?category=biotech', 400, null, ['category', 'picklists', 'duplicates']],
  ['GET', '/errors?status=closed', 400, null, ['status', 'open', 'resolved']],
  ['GET', '/errors?sort=name', 400, null, ['sort', 'last-attempt', 'first-seen', 'record']],
  ['GET', '/errors?cursor=bm9wZQ', 400, null, ['cursor']],
  ['GET', '/errors/groups?category=nope', 400, null, ['category']],
  ['GET', '/errors/export?limit=5', 400, null, ['limit']],
  ['GET', '/errors/abc', 404, null, ['abc']],
  ['POST', '/resync', 400, { errorIds: [] }, ['errorIds', 'at least one']],
  ['POST', '/resync', 400, { errorIds: hundredOne }, ['100', '/resync/all']],
  ['POST', '/resync', 400, { ids: ['1'] }, ['errorIds']],
  ['POST', '/resync', 400, { errorIds: [1, 2] }, ['errorIds']],
  ['POST', '/resync', 400, 'not json', ['JSON']],
  ['POST', '/resync/all', 400, { category: 'everything' }, ['category', 'picklists']],
  ['GET', '/jobs/unknown-job', 404, null, ['unknown-job']],
  ['POST', '/views', 400, {}, ['category']],
  ['POST', '/views', 400, { category: 'picklists', errorIds: ['1'] }, []],
  ['POST', '/views', 404, { errorIds: ['999999'] }, ['999999']],
  ['PUT', '/settings/allocation', 400, { allocation: 0 }, ['allocation', 'at least 1']],
  ['PUT', '/settings/allocation', 400, { allocation: 12.5 }, ['allocation', 'whole']],
  ['PUT', '/settings/allocation', 400, { allocation: '5000' }, ['allocation']],
  ['PUT', '/settings/allocation', 400, { allocation: 100, extra: true }, ['extra']],
  [
    'PUT',
    '/settings/notifications',
    400,
    { frequency: 'hourly' },
    ['frequency', 'instant', 'daily', 'weekly'],
  ],
  ['PUT', '/settings/notifications', 400, { usageWarningPercent: 120 }, ['usageWarningPercent', '100']],
  ['PUT', '/settings/notifications', 400, { enabled: 'yes' }, ['enabled']],
  ['GET', '/notifications/digest', 400, null, ['since', 'required']],
  ['GET', '/notifications/digest?since=yesterday', 400, null, ['since']],
  [
    'GET',
    '/records/lookup?system=pipedrive&objectType=x&id=1',
    400,
    null,
    ['system', 'hubspot', 'salesforce'],
  ],
  ['GET', '/records/lookup?system=salesforce&objectType=Contact&id=123', 400, null, ['id', 'Salesforce id']],
  ['GET', '/records/lookup?system=hubspot&objectType=widgets&id=1', 400, null, ['objectType', 'contacts']],
  ['GET', '/usage/history?hours=200', 400, null, ['hours', '168']],
  ['POST', '/suspensions/none/clear', 404, {}, ['none']],
];

describe('bad input gets a clear 4xx and changes nothing', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it.each(CASES)('%s %s answers %i', async (method, path, status, body, words) => {
    const before = await h.snapshot();
    const res = method === 'GET' ? await h.get(path) : await h.send(method, path, body);
    expect(res.status).toBe(status);
    const { error } = await res.json();
    expect(error.code).toMatch(/^(bad_request|not_found)$/);
    for (const word of words) expect(error.message).toContain(word);
    expect(await h.snapshot()).toEqual(before);
  });
});
