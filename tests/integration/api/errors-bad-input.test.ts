import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../proxy/app';
import { createErrorRoutes } from '../../../proxy/routes/errors';
import { testDatabase } from '../../../proxy/store/index';
import { CATEGORIES } from '../../../shared/taxonomy';
import { type ApiHarness, startApiHarness } from './api-harness';

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
const categories = CATEGORIES.join(', ');

/** [method, path, body (null for GET), status, words the message must contain] */
const CASES: [string, string, unknown, number, string[]][] = [
  ['GET', '/errors?limit=1.5', null, 400, ['"limit"', 'whole number']],
  ['GET', '/errors?limit=-3', null, 400, ['"limit"', 'at least 1']],
  ['GET', '/errors?limit=', null, 400, ['"limit"']],
  ['GET', '/errors?category=Picklists', null, 400, ['"category"', categories]],
  ['GET', '/errors?status=all', null, 400, ['"status"', 'open, resolved']],
  ['GET', '/errors?object=', null, 400, ['"object"', 'empty']],
  ['GET', `/errors?q=${'x'.repeat(201)}`, null, 400, ['"q"', 'at most 200']],
  // A NUL would cut the search pattern short and match every error.
  ['GET', '/errors?q=%00', null, 400, ['"q"', 'control characters']],
  ['GET', '/errors?q=Biotech%00x', null, 400, ['"q"', 'control characters']],
  ['GET', '/errors/export?q=%00', null, 400, ['"q"', 'control characters']],
  ['GET', `/errors?group=${'k'.repeat(501)}`, null, 400, ['"group"', 'at most 500']],
  ['GET', '/errors?cursor=zzzz', null, 400, ['cursor', 'nextCursor']],
  ['GET', '/errors?page=2', null, 400, ['unknown field "page"', 'remove it']],
  ['GET', '/errors?category=nope&limit=9999', null, 400, ['"category"', '"limit"', 'at most 500']],
  ['GET', '/errors/groups?status=open', null, 400, ['unknown field "status"']],
  ['GET', '/errors/groups?category=biotech', null, 400, ['"category"', categories]],
  ['GET', '/errors/export?cursor=abc', null, 400, ['unknown field "cursor"']],
  ['GET', '/errors/export?status=maybe', null, 400, ['"status"', 'open, resolved']],
  ['GET', '/errors/12345678901234567890', null, 404, ['12345678901234567890', 'GET /errors']],
  ['GET', '/errors/-1', null, 404, ['"-1"']],
  ['POST', '/resync', {}, 400, ['"errorIds" is required']],
  ['POST', '/resync', { errorIds: 'abc' }, 400, ['"errorIds" must be an array']],
  ['POST', '/resync', { errorIds: ['1', 'abc'] }, 400, ['"errorIds[1]"', 'error id']],
  ['POST', '/resync', { errorIds: ids(101) }, 400, ['at most 100', 'POST /resync/all', 'category']],
  ['POST', '/resync', { errorIds: ['1'], force: true }, 400, ['unknown field "force"']],
  ['POST', '/resync', null, 400, ['the body must be a JSON object']],
  ['POST', '/resync', [], 400, ['the body must be a JSON object']],
  ['POST', '/resync', '{"errorIds": [', 400, ['JSON']],
  ['POST', '/resync/all', {}, 400, ['"category" is required']],
  ['POST', '/resync/all', { category: 5 }, 400, ['"category"', categories]],
  ['POST', '/resync/all', { category: 'picklists', dryRun: true }, 400, ['unknown field "dryRun"']],
  ['GET', '/jobs/not-a-job', null, 404, ['not-a-job', 'POST /resync/all']],
  ['POST', '/views', { category: 'nope' }, 400, ['"category"', categories, '"errorIds"']],
  ['POST', '/views', { category: 'picklists', errorIds: ['1'] }, 400, ['either', '"category"', '"errorIds"']],
  ['POST', '/views', { errorIds: [] }, 400, ['"errorIds"', 'at least one']],
  ['POST', '/views', { errorIds: ['x1'] }, 400, ['"errorIds[0]"', 'error id']],
  ['POST', '/views', { category: 'picklists', name: 'mine' }, 400, ['unknown field "name"']],
  ['POST', '/views', 'category=picklists', 400, ['JSON']],
  ['POST', '/views', { errorIds: ['987654'] }, 404, ['"987654"', 'reload']],
];

describe('bad input to the error routes gets a 4xx naming the field and changes nothing', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  /** The store, the jobs table and both sandboxes' request counters: a refused request touches none. */
  const state = async () => ({
    ...(await h.snapshot()),
    history: testDatabase(h.store).prepare('SELECT COUNT(*) AS n FROM history').get(),
    jobs: testDatabase(h.store).prepare('SELECT COUNT(*) AS n FROM resync_jobs').get(),
    salesforceRequests: h.running.sandboxes.salesforce.stats().requests,
    hubspotRequests: h.running.sandboxes.hubspot.stats().requests,
  });

  it.each(CASES)('%s %s %j answers %i', async (method, path, body, status, words) => {
    const before = await state();
    const res = method === 'GET' ? await h.get(path) : await h.send(method, path, body);
    expect(res.status).toBe(status);
    const { error } = await res.json();
    expect(error.code).toBe(status === 404 ? 'not_found' : 'bad_request');
    for (const word of words) expect(error.message).toContain(word);
    expect(await state()).toEqual(before);
  });

  it('refuses 101 ids, every open error among them, without resyncing any', async () => {
    const openIds = (await h.store.listErrors({}, { limit: 500 })).items.map((e) => e.id);
    expect(openIds.length).toBeGreaterThan(0);
    const padding = ids(101).map((i) => String(900_000 + Number(i)));
    const errorIds = [...openIds, ...padding].slice(0, 101);
    const before = await state();
    const res = await h.send('POST', '/resync', { errorIds });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('POST /resync/all');
    expect(await state()).toEqual(before);
  });
});

describe('the error routes while the sync is starting', () => {
  const token = 'starting-token';
  const app = createApp({
    version: 'test',
    pairingToken: token,
    port: () => 8787,
    apiRoutes: (api) => api.route('/', createErrorRoutes({ sync: () => null })),
  });
  const call = (method: string, path: string, body?: unknown) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: {
        host: '127.0.0.1:8787',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  // app.request (no port): this is about the routes' answer, not the transport.
  it.each([
    ['GET', '/errors', undefined],
    ['GET', '/errors/1', undefined],
    ['GET', '/errors/groups', undefined],
    ['GET', '/errors/export', undefined],
    ['POST', '/views', { category: 'picklists' }],
    ['POST', '/resync', { errorIds: ['1'] }],
    ['POST', '/resync/all', { category: 'picklists' }],
    ['GET', '/jobs/1', undefined],
  ])('%s %s answers 503 unavailable', async (method, path, body) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: 'The sync is still starting; try again in a second.' },
    });
  });
});
