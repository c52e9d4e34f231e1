import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreatedView, ErrorDetail, ErrorsPage } from '../../../shared/api/errors';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('POST /views on the sandbox after a demo sync', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await startApiHarness();
  });
  afterEach(() => h.close());

  /** The list's members as the portal's lists API reports them, read back over HTTP. */
  const members = async (listId: string) => {
    const res = await fetch(`${h.running.proxy.url}/sandbox/hubspot/crm/v3/lists/${listId}/memberships`, {
      headers: { authorization: `Bearer ${h.running.sandboxes.hubspot.accessToken}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { recordId: string }[] }).results.map((m) => m.recordId).sort();
  };
  const portalRequests = () => h.running.sandboxes.hubspot.stats().requests;

  it('lists exactly the contacts an associations error holds back, at a list page the CRM serves', async () => {
    const page = (await (await h.get('/errors?category=associations&limit=500')).json()) as ErrorsPage;
    const blocking = page.items.find((e) => e.affectedRecords > 1) ?? page.items[0]!;
    const detail = (await (await h.get(`/errors/${blocking.id}`)).json()) as ErrorDetail;

    const res = await h.send('POST', '/views', { errorIds: [blocking.id] });
    expect(res.status).toBe(201);
    const view = (await res.json()) as CreatedView;
    expect(view.size).toBe(detail.affected.length);
    expect(view.listId).toBe(view.lists[0]!.listId);
    expect(await members(view.listId)).toEqual(detail.affected.map((a) => a.crmId).sort());
    const listPage = await fetch(view.url);
    expect(listPage.status).toBe(200);
    expect(await listPage.text()).toContain(`${view.size} records`);
  });

  it('makes one list per object type for a category whose errors span companies, contacts and deals', async () => {
    const res = await h.send('POST', '/views', { category: 'custom-code' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as CreatedView;
    const expected = await h.store.affectedRecords('custom-code');
    expect(view.lists.map((l) => l.objectType).sort()).toEqual(expected.map((g) => g.crmType).sort());
    for (const list of view.lists) {
      const ids = expected.find((g) => g.crmType === list.objectType)!.crmIds;
      expect(await members(list.listId)).toEqual([...ids].sort());
      expect(list.size).toBe(ids.length);
    }
    expect(view.size).toBe(expected.reduce((n, g) => n + g.crmIds.length, 0));
  });

  it('makes the same view twice in a row: two lists, each named in the answer', async () => {
    const first = await h.send('POST', '/views', { category: 'picklists' });
    const second = await h.send('POST', '/views', { category: 'picklists' });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [(await first.json()) as CreatedView, (await second.json()) as CreatedView];
    expect(a.name).toMatch(
      /^Sync Health: Picklists errors \((companies|contacts|deals), \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/,
    );
    expect(b.name).not.toBe(a.name);
    expect(b.listId).not.toBe(a.listId);
  });

  it('adds " #2" when a list of that name exists already', async () => {
    const types = (await h.store.affectedRecords('picklists')).map((g) => g.crmType);
    const label = 'Sync Health: Picklists errors';
    // Lists a user made by hand under the names the next 30 seconds would give (a slow machine included).
    const now = Date.now();
    for (let s = 0; s < 30; s++) {
      const stamp = new Date(now + s * 1000).toISOString().slice(0, 19).replace('T', ' ');
      for (const type of types) {
        const res = await fetch(`${h.running.proxy.url}/sandbox/hubspot/crm/v3/lists`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${h.running.sandboxes.hubspot.accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            name: `${label} (${type}, ${stamp} UTC)`,
            objectTypeId: type === 'contacts' ? '0-1' : type === 'companies' ? '0-2' : '0-3',
            processingType: 'MANUAL',
          }),
        });
        expect(res.status).toBe(200);
      }
    }
    const res = await h.send('POST', '/views', { category: 'picklists' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as CreatedView;
    expect(view.name).toMatch(/ UTC\) #2$/);
    expect(view.lists.every((l) => l.name.endsWith(' #2'))).toBe(true);
  });

  it('refuses errors that are no longer open without creating any list', async () => {
    const [error] = ((await (await h.get('/errors?category=picklists')).json()) as ErrorsPage).items;
    const before = portalRequests();
    const res = await h.send('POST', '/views', { errorIds: [error!.id, '424242'] });
    expect(res.status).toBe(404);
    const { error: body } = await res.json();
    expect(body.message).toContain('"424242"');
    expect(body.message).not.toContain(`"${error!.id}"`);
    expect(portalRequests()).toBe(before);
  });
});
