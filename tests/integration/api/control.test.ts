import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import type { RecordLookupAnswer } from '../../../shared/api/control';
import type { ErrorsPage } from '../../../shared/api/errors';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('control routes on the sandbox after a demo sync', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it('changes the allocation and says what changed', async () => {
    const before = (await h.store.settings()).allocation;
    const res = await h.send('PUT', '/settings/allocation', { allocation: 4321 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ allocation: 4321, previous: before });
    expect(body.message).toContain(`from ${before} to 4321`);
    expect((await h.store.settings()).allocation).toBe(4321);
  });

  it('refuses an allocation above the org limit, naming the limit', async () => {
    const limit = (await h.store.usage(Date.now())).org?.limit;
    expect(limit).toBeGreaterThan(0);
    const res = await h.send('PUT', '/settings/allocation', { allocation: limit! + 1 });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain(`limit of ${limit}`);
  });

  it('saves notification settings and reads them back', async () => {
    const put = await h.send('PUT', '/settings/notifications', {
      frequency: 'weekly',
      usageWarningPercent: 65,
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ enabled: true, frequency: 'weekly', usageWarningPercent: 65 });
    expect(await (await h.get('/settings/notifications')).json()).toEqual({
      enabled: true,
      frequency: 'weekly',
      usageWarningPercent: 65,
    });
  });

  it('says in a digest how many errors are new per category since a time', async () => {
    const res = await h.get('/notifications/digest?since=0');
    expect(res.status).toBe(200);
    const digest = await res.json();
    expect(digest.newErrors).toBe(
      (testDatabase(h.store).prepare('SELECT COUNT(*) AS n FROM errors').get() as { n: number }).n,
    );
    expect(digest.categories).toHaveLength(8);
    expect(digest.headline).toMatch(/^\d+ new sync errors: /);
    const afterSync = new Date(Date.now() + 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const later = await (await h.get(`/notifications/digest?since=${afterSync}`)).json();
    expect(later.newErrors).toBe(0);
  });

  it('looks a failing record up from HubSpot and from Salesforce, with links to the other side', async () => {
    const page = (await (await h.get('/errors?category=picklists&limit=500')).json()) as ErrorsPage;
    const company = page.items.find((i) => i.crmType === 'companies' && i.value === 'Biotech')!;
    const fromCrm = (await (
      await h.get(`/records/lookup?system=hubspot&objectType=companies&id=${company.crmId}`)
    ).json()) as RecordLookupAnswer;
    expect(fromCrm.known).toBe(true);
    expect(fromCrm.openErrors.map((e) => e.id)).toContain(company.id);
    expect(fromCrm.history.length).toBeGreaterThan(0);

    const synced = testDatabase(h.store)
      .prepare(`SELECT crm_type, crm_id, sf_object, sf_id FROM links WHERE sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_type: string; crm_id: string; sf_object: string; sf_id: string };
    const fromSf = (await (
      await h.get(
        `/records/lookup?system=salesforce&objectType=${synced.sf_object}&id=${synced.sf_id.slice(0, 15)}`,
      )
    ).json()) as RecordLookupAnswer;
    expect(fromSf.synced).toBe(true);
    expect(fromSf.id).toBe(synced.sf_id);
    expect(fromSf.crm?.id).toBe(synced.crm_id);
    expect(fromSf.crm?.url).toContain(`/record/`);
    expect(fromSf.salesforce?.url).toContain(`/lightning/r/${synced.sf_object}/${synced.sf_id}/view`);
  });

  it('answers a record the sync never saw as not synced', async () => {
    const res = await h.get('/records/lookup?system=hubspot&objectType=contacts&id=987654321');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ synced: false, known: false, openErrors: [] });
  });

  it('gives calls per hour for the usage chart, with the calls of the demo sync in the last hour', async () => {
    const res = await h.get('/usage/history?hours=24');
    const body = await res.json();
    expect(body.hours).toHaveLength(24);
    expect(body.hours.at(-1).calls).toBeGreaterThan(0);
    expect(body.hours.reduce((n: number, x: { calls: number }) => n + x.calls, 0)).toBe(
      await h.store.calls24h(Date.now()),
    );
  });

  it('runs a sync now and reports its status', async () => {
    const run = await h.send('POST', '/sync/run', {});
    expect(run.status).toBe(200);
    const body = await run.json();
    expect(body.state.state).toBe('running');
    expect(body.lastSyncAt).toBeGreaterThan(0);
    const status = await (await h.get('/sync/status')).json();
    expect(status.totalOpenErrors).toBe((await h.store.summary()).totalOpenErrors);
  });

  it('answers 404 when clearing a suspension that is not active', async () => {
    const res = await h.send('POST', '/suspensions/credentials/clear', {});
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('credentials');
  });
});
