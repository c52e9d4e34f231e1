import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorDetail, ErrorsPage } from '../../../shared/api/errors';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('error routes on the sandbox after a demo sync', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  const csvRows = async (query: string) => {
    const text = await (await h.get(`/errors/export?${query}`)).text();
    return { rows: parse(text, { columns: true }) as Record<string, string>[] };
  };
  const openIn = async (category: string) =>
    (await h.store.summary()).categories.find((c) => c.category === category)?.openErrors ?? 0;

  it('lists a category with record links on both sides and resolution steps naming the value', async () => {
    const res = await h.get('/errors?category=picklists&limit=500');
    expect(res.status).toBe(200);
    const page = (await res.json()) as ErrorsPage;
    expect(page.items.length).toBe(await openIn('picklists'));
    const biotech = page.items.find((i) => i.value === 'Biotech');
    expect(biotech).toBeDefined();
    expect(biotech?.crmUrl).toContain(`/contacts/${h.running.sandboxes.hubspot.portalId}/record/0-2/`);
    expect(biotech?.steps.join(' ')).toContain('Biotech');
    expect(biotech?.title).toBeTruthy();
    expect(page.links.portalId).toBe(h.running.sandboxes.hubspot.portalId);
  });

  it('shows a duplicate with the existing Salesforce record it matches, linked, and the value they share', async () => {
    const page = (await (await h.get('/errors?category=duplicates&limit=500')).json()) as ErrorsPage;
    const dup = page.items.find((i) => i.code === 'DUPLICATES_DETECTED');
    expect(dup?.duplicateOf).toMatch(/^003\w{15}$/);
    expect(dup?.duplicateUrl).toBe(`${page.links.instanceUrl}/lightning/r/Contact/${dup?.duplicateOf}/view`);
    expect(dup?.steps.join(' ')).toContain(dup?.duplicateOf as string);
    expect(dup).toMatchObject({ field: 'Email', rule: 'Standard_Contact_Duplicate_Rule' });
    const { rows } = await csvRows('category=duplicates');
    expect(rows.find((r) => r['Error id'] === dup?.id)?.['Duplicate of (Salesforce id)']).toBe(
      dup?.duplicateOf,
    );
  });

  it('pages with a cursor through every open error exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.get(`/errors?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as ErrorsPage;
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await h.store.summary()).totalOpenErrors);
  });

  it('says on the first page how many errors the filter matches in all pages, as the table caption counts them', async () => {
    const all = await openIn('picklists');
    const first = (await (await h.get('/errors?category=picklists&limit=2')).json()) as ErrorsPage;
    expect(first.total).toBe(all);
    const leads = (await (
      await h.get('/errors?category=picklists&object=Lead&limit=500')
    ).json()) as ErrorsPage;
    expect(leads.total).toBe(leads.items.length);
    expect(leads.total).toBeGreaterThan(0);
    expect(leads.total).toBeLessThan(all);
    const next = (await (
      await h.get(`/errors?category=picklists&limit=2&cursor=${first.nextCursor}`)
    ).json()) as ErrorsPage;
    expect(next.total).toBeUndefined();
  });

  it('finds errors by text search and by root-cause group', async () => {
    const byText = (await (await h.get('/errors?q=Podcast')).json()) as ErrorsPage;
    expect(byText.items.length).toBeGreaterThan(0);
    expect(byText.items.every((i) => i.value === 'Podcast' || i.message.includes('Podcast'))).toBe(true);
    const { groups } = await (await h.get('/errors/groups?category=picklists')).json();
    const group = groups.find((g: { value: string }) => g.value === 'Biotech');
    expect(group.sentence).toMatch(/Biotech.*: \d+ errors?/);
    const byGroup = (await (
      await h.get(`/errors?group=${encodeURIComponent(group.rootCauseKey)}&limit=500`)
    ).json()) as ErrorsPage;
    expect(byGroup.items.length).toBe(group.errors);
  });

  it('shows one error with its affected records, history and steps, and 404 for an unknown id', async () => {
    const page = (await (await h.get('/errors?category=associations')).json()) as ErrorsPage;
    const first = page.items[0]!;
    const res = await h.get(`/errors/${first.id}`);
    expect(res.status).toBe(200);
    const detail = (await res.json()) as ErrorDetail;
    expect(detail.error.id).toBe(first.id);
    // One row is one record; the records its blocking company holds back are listed with it.
    expect(first.affectedRecords).toBe(1);
    expect(detail.affected.length).toBe(first.blockingHolds);
    expect(detail.history.length).toBeGreaterThan(0);
    expect(detail.error.steps.length).toBeGreaterThan(0);
    const missing = await h.get('/errors/999999');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain('999999');
  });

  it('exports the category as a CSV download with one row per error', async () => {
    const res = await h.get('/errors/export?category=picklists');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="sync-health-errors-picklists-/,
    );
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toContain('Error id,Category,Error type,Record');
    expect(lines.length - 1).toBe(await openIn('picklists'));
  });

  it('creates a CRM list holding exactly the records behind a category', async () => {
    const res = await h.send('POST', '/views', { category: 'picklists' });
    expect(res.status).toBe(201);
    const view = await res.json();
    const expected = await h.store.affectedRecords('picklists');
    expect(view.lists.length).toBe(expected.length);
    const hubspot = h.running.sandboxes.hubspot;
    for (const list of view.lists) {
      expect(list.url).toContain(`/objectLists/${list.listId}`);
      const members = await fetch(
        `${h.running.proxy.url}/sandbox/hubspot/crm/v3/lists/${list.listId}/memberships`,
        { headers: { authorization: `Bearer ${hubspot.accessToken}` } },
      ).then((r) => r.json());
      const ids = members.results.map((m: { recordId: string }) => m.recordId).sort();
      expect(ids).toEqual([...expected.find((e) => e.crmType === list.objectType)!.crmIds].sort());
    }
  });
});

const VALUE_CAUSES = new Set(['picklists', 'duplicates']);

describe('resolution steps of every demo error', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it.each([
    'associations',
    'custom-code',
    'duplicates',
    'permissions',
    'picklists',
    'property-mappings',
    'property-values',
  ])(
    'name the field, the blocking record and any rejected value of each %s error in GET /errors/:id',
    async (category) => {
      const page = (await (await h.get(`/errors?category=${category}&limit=500`)).json()) as ErrorsPage;
      expect(page.items.length).toBeGreaterThan(0);
      for (const item of page.items) {
        const { error } = (await (await h.get(`/errors/${item.id}`)).json()) as ErrorDetail;
        const steps = error.steps.join(' ');
        expect(error.steps.length, item.id).toBeGreaterThan(1);
        if (error.field) expect(steps, `${item.id} field`).toContain(error.field);
        // The value is named where it is the cause; for permissions and broken mappings the field is.
        if (error.value && VALUE_CAUSES.has(category))
          expect(steps, `${item.id} value`).toContain(error.value);
        if (error.blockingName) expect(steps, `${item.id} blocking`).toContain(error.blockingName);
        // A value too long for its field: the limit and the HubSpot property to shorten (DEMO.md: jobtitle → Title).
        // The property by the label HubSpot shows (the portal's property definitions), not its internal name.
        if (error.subType === 'value-too-long') expect(steps).toMatch(/128 characters.*"Job Title"/);
        if (category === 'picklists') expect(steps).toMatch(/HubSpot property "(Industry|Lead Source)"/);
        expect(steps, `${item.id} property by label`).not.toMatch(/HubSpot property "[a-z_]+"/);
      }
    },
  );
});
