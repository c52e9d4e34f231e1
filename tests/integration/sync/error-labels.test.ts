import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import { mountApiRoutes } from '../../../proxy/routes/api-routes';
import { testDatabase } from '../../../proxy/store/index';
import type { ErrorItem, ErrorsPage, RootCauseGroupItem } from '../../../shared/api/errors';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { CATEGORIES, isRootCauseKey, isSubType } from '../../../shared/taxonomy';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

/**
 * The demo sync, then every other problem the sandboxes can plant (DEMO.md): the ones the first sync does not
 * reach (an approval lock, a validation rule on a clean record, row locks that outlast the retries) and the
 * Salesforce → CRM ones (a create HubSpot refuses, an Account not in the CRM, an association limit, a deleted
 * company). The health API is then read as the side panel reads it.
 */
async function plantEveryFault(h: Harness) {
  await h.engine.runOnce();
  h.clock.advance(1000);
  const hs = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${h.hubspotUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${h.hs.accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const synced = (type: string) =>
    testDatabase(h.store)
      .prepare(
        `SELECT l.crm_id, l.sf_id, l.name FROM links l WHERE l.crm_type = ? AND l.sf_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM errors e WHERE e.crm_type = l.crm_type AND e.crm_id = l.crm_id)
         ORDER BY CAST(l.crm_id AS INTEGER)`,
      )
      .all(type) as { crm_id: string; sf_id: string; name: string }[];
  const [httpCompany, deletedCompany, fullCompany] = synced('companies');
  const [lockedContact, clashing] = synced('contacts');

  // A validation rule on a record that synced cleanly so far.
  h.hs.control.updateRecord('companies', httpCompany.crm_id, { domain: 'http://plain-http.example' });
  // The large deal in Negotiation/Review is locked by its approval process once it is in Salesforce.
  const locked = h.sf.control
    .records('Opportunity')
    .find((r) => r.StageName === 'Negotiation/Review' && Number(r.Amount) > 1_000_000);
  expect(locked?.HubSpot_Id__c).toBeTruthy();
  h.hs.control.updateRecord('deals', String(locked?.HubSpot_Id__c), { dealname: 'Renamed while locked' });
  await h.engine.runOnce();
  // Row locks on every attempt the engine makes for one record (two here), so its retries run out.
  h.clock.advance(1000);
  h.hs.control.updateRecord('contacts', lockedContact.crm_id, { jobtitle: 'Locked Out' });
  h.sf.control.injectFaults({ count: 1000, kind: 'lock' });
  await h.engine.runOnce();
  h.clock.advance(60_000);
  await h.engine.runOnce();
  h.sf.control.clearFaults();

  // Salesforce → CRM: an email HubSpot already has; an Account HubSpot refuses ("Apparel" is not one of its
  // industries) with a contact under it; a company at its association limit; a company deleted in HubSpot.
  const email = (
    (await (await hs(`/crm/v3/objects/contacts/${clashing.crm_id}?properties=email`)).json()) as {
      properties: { email: string };
    }
  ).properties.email;
  h.sf.control.insertRecordDirect('Contact', { LastName: 'Clash', Email: email });
  const apparel = h.sf.control.insertRecordDirect('Account', { Name: 'Threadbare Ltd', Industry: 'Apparel' });
  h.sf.control.insertRecordDirect('Contact', {
    LastName: 'Waiting',
    Email: 'waiting@origin.example',
    AccountId: apparel.Id,
  });
  h.hs.control.setAssociationLimit(1);
  const held = (await (
    await hs(`/crm/v4/objects/companies/${fullCompany.crm_id}/associations/contacts`)
  ).json()) as {
    results: unknown[];
  };
  if (!held.results.length)
    h.hs.control.createRecord('contacts', { lastname: 'Filler' }, [
      { objectType: 'companies', id: fullCompany.crm_id },
    ]);
  h.sf.control.insertRecordDirect('Contact', {
    LastName: 'Over-Limit',
    Email: 'over.limit@origin.example',
    AccountId: fullCompany.sf_id,
  });
  // Deleted in the CRM between two of the sync's looks at CRM deletes (every 5 minutes): its Account is
  // still linked, and HubSpot refuses the association (invalid-reference). The look is held off here.
  await h.store.setCursor('crm_deletes_at', Number.MAX_SAFE_INTEGER);
  await hs(`/crm/v3/objects/companies/${deletedCompany.crm_id}`, 'DELETE');
  h.sf.control.insertRecordDirect('Contact', {
    LastName: 'Orphan',
    Email: 'orphan@origin.example',
    AccountId: deletedCompany.sf_id,
  });
  for (let i = 0; i < 2; i++) {
    h.clock.advance(POLL);
    await h.engine.runOnce();
  }
}

describe('labels of every stored error after the demo sync and every planted fault', () => {
  let h: Harness;
  let api: Hono;
  const get = async <T>(path: string) => {
    const res = await api.request(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  /** Every open error, page by page, as GET /errors gives them. */
  async function allItems(query = ''): Promise<ErrorItem[]> {
    const items: ErrorItem[] = [];
    let cursor: string | null = null;
    do {
      const page: ErrorsPage = await get(`/errors?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    h = await startHarness({ engine: { maxRecordAttempts: 2 } });
    await plantEveryFault(h);
    const crm = createHubspotConnector({
      accessToken: h.hs.accessToken,
      baseUrl: h.hubspotUrl,
      uiBaseUrl: h.hubspotUrl,
    });
    const links = { instanceUrl: h.instanceUrl, crmUiBaseUrl: h.hubspotUrl, portalId: h.hs.portalId };
    api = new Hono();
    mountApiRoutes(api, { sync: () => ({ engine: h.engine, store: h.store, crm, links }) });
  }, 60_000);
  afterAll(() => h.close());

  it('reaches every category and the sub-types the planted faults stand for', async () => {
    const items = await allItems();
    const seen = new Set(items.map((e) => e.subType));
    for (const subType of [
      'blocking-record-not-synced',
      'association-limit',
      'invalid-reference',
      'validation-rule',
      'flow',
      'apex-trigger',
      'duplicate-rule',
      'duplicate-value',
      'field-read-only',
      'picklist-value-missing',
      'mapping-field-missing',
      'value-too-long',
      'required-missing',
      'record-locked',
      'temporary-failure',
    ])
      expect(seen, subType).toContain(subType);
    expect(new Set(items.map((e) => e.category))).toEqual(new Set(CATEGORIES));
  });

  it('gives no stored error an unknown sub-type, an unknown root-cause kind or the "Unrecognised" title', async () => {
    const items = await allItems();
    const stored = testDatabase(h.store).prepare(`SELECT sub_type, root_cause_key FROM errors`).all() as {
      sub_type: string | null;
      root_cause_key: string;
    }[];
    for (const r of stored) {
      expect(r.sub_type !== null && isSubType(r.sub_type), String(r.sub_type)).toBe(true);
      expect(isRootCauseKey(r.root_cause_key), r.root_cause_key).toBe(true);
    }
    for (const e of items) {
      expect(`${e.title} ${e.steps.join(' ')}`, `${e.code}: ${e.message}`).not.toMatch(/unrecogni[sz]ed/i);
      expect(e.steps.join(' ')).not.toMatch(/Read the raw error/);
    }
  });

  it('labels every root-cause group in words, never with its raw key', async () => {
    const { groups } = await get<{ groups: RootCauseGroupItem[] }>('/errors/groups');
    expect(groups.length).toBeGreaterThan(10);
    for (const g of groups) {
      expect(g.label, g.rootCauseKey).not.toBe(g.rootCauseKey);
      expect(g.label, g.rootCauseKey).not.toMatch(/^[a-z-]+:\S/);
      expect(g.label, g.rootCauseKey).not.toMatch(/\b(?:undefined|null)\b/);
    }
  });

  it("names the record's field, value and rule in the title or steps wherever the error has one", async () => {
    for (const e of await allItems()) {
      const text = `${e.title}\n${e.steps.join('\n')}`;
      const where = `${e.subType} ${e.code} on ${e.crmType} ${e.crmId}`;
      if (e.field) expect(text, where).toContain(e.field);
      if (e.value) expect(text, where).toContain(e.value.slice(0, 40));
      if (e.rule) expect(text, where).toContain(e.rule);
      if (e.blockingName) expect(text, where).toContain(e.blockingName);
    }
  });

  it("shows an automation's own message as the detail, keeps Salesforce's words as raw, and links its Setup page", async () => {
    const items = await allItems('&category=custom-code');
    const trigger = items.find((e) => e.subType === 'apex-trigger');
    expect(trigger).toMatchObject({
      rule: 'AccountTrigger',
      summary: 'Test accounts are not allowed',
      setupUrl: `${h.instanceUrl}/lightning/setup/ObjectManager/Account/ApexTriggers/view`,
    });
    expect(trigger?.raw).toMatch(
      /^AccountTrigger: execution of BeforeInsert caused by: System\.DmlException/,
    );
    expect(trigger?.steps[0]).toContain('"Test accounts are not allowed"');
    expect(trigger?.steps.join(' ')).not.toContain('System.DmlException');

    const flow = items.find((e) => e.subType === 'flow');
    expect(flow).toMatchObject({
      rule: 'Contact Onboarding',
      summary: 'Interns are onboarded by HR, not through the integration.',
      setupUrl: `${h.instanceUrl}/lightning/setup/Flows/home`,
    });
    expect(flow?.raw).toMatch(/^We can't save this record because the "Contact Onboarding" process failed/);

    const website = items.find((e) => e.subType === 'validation-rule' && e.sfObject === 'Account');
    expect(website).toMatchObject({
      field: 'Website',
      summary: 'Website must start with https://',
      raw: 'Website must start with https://',
      setupUrl: `${h.instanceUrl}/lightning/setup/ObjectManager/Account/ValidationRules/view`,
    });
  });

  it("keeps raw empty for the sync's own findings, whose message Salesforce never said", async () => {
    const picklists = await allItems('&category=picklists');
    const preflight = picklists.find((e) => e.code.startsWith('PREFLIGHT_'));
    expect(preflight?.raw).toBeNull();
    expect(preflight?.setupUrl).toBeNull();
  });
});

describe('affected-record counts over the health API', () => {
  let h: Harness;
  let api: Hono;
  beforeAll(async () => {
    h = await startHarness();
    await h.engine.runOnce();
    const crm = createHubspotConnector({
      accessToken: h.hs.accessToken,
      baseUrl: h.hubspotUrl,
      uiBaseUrl: h.hubspotUrl,
    });
    const links = { instanceUrl: h.instanceUrl, crmUiBaseUrl: h.hubspotUrl, portalId: h.hs.portalId };
    api = new Hono();
    mountApiRoutes(api, { sync: () => ({ engine: h.engine, store: h.store, crm, links }) });
  }, 60_000);
  afterAll(() => h.close());

  const get = async <T>(path: string) => (await (await api.request(path)).json()) as T;

  it.each(CATEGORIES.filter((c) => c !== 'other'))(
    'agree for %s between the card, the table rows and their distinct records',
    async (category) => {
      const summary = await get<HealthSummaryResponse>('/health/summary');
      const card = summary.categories.find((c) => c.category === category);
      const { items } = await get<ErrorsPage>(`/errors?category=${category}&limit=500`);
      expect(items.length).toBe(card?.openErrors);
      const rowsTotal = items.reduce((n, e) => n + e.affectedRecords, 0);
      const distinct = new Set(items.map((e) => `${e.crmType}:${e.crmId}`)).size;
      expect(distinct).toBe(card?.affectedRecords);
      // Each record has one error per category in the demo, so rows, records and errors are one number.
      expect(rowsTotal).toBe(card?.affectedRecords);
    },
  );

  it('shows on each associations row how many records its blocking company holds back, as the detail lists them', async () => {
    const { items } = await get<ErrorsPage>('/errors?category=associations&limit=500');
    expect(items.length).toBeGreaterThan(0);
    const byBlocking = new Map<string, number>();
    for (const e of items)
      byBlocking.set(String(e.blockingId), (byBlocking.get(String(e.blockingId)) ?? 0) + 1);
    for (const e of items.slice(0, 5)) {
      expect(e.affectedRecords).toBe(1);
      expect(e.blockingHolds).toBe(byBlocking.get(String(e.blockingId)));
      const detail = await get<{ affected: unknown[] }>(`/errors/${e.id}`);
      expect(detail.affected.length).toBe(e.blockingHolds);
    }
    const { groups } = await get<{ groups: RootCauseGroupItem[] }>('/errors/groups?category=associations');
    expect(groups.reduce((n, g) => n + g.records, 0)).toBe(items.length);
  });
});
