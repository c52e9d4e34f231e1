import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../proxy/store/index';
import { hubspotRecordUrl, salesforceRecordUrl } from '../../shared/view-links';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { HUBSPOT, LIGHTNING, otherSideLink, recordViewIn, serveAtRealUrls, shot } from './pages/record-app';

describe('record pages: the panel shows the record in the active tab and links to its copy', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let panel: Page;
  let app: Page;
  const portal = () => proxy.sandboxes.hubspot.portalId;

  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
    panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
    app = await session.browser.newPage();
    await serveAtRealUrls(app);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  const synced = () =>
    testDatabase(proxy.store)
      .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string; sf_id: string };

  it('a synced HubSpot contact shows "In sync" and a link that opens it in Salesforce', async () => {
    const { crm_id, sf_id } = synced();
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${crm_id}`);
    await app.bringToFront();
    expect(await recordViewIn(panel, 'synced')).toContain('In sync');
    const href = await otherSideLink(panel);
    expect(href).toBe(
      salesforceRecordUrl({ instanceUrl: `${proxy.url}/sandbox/salesforce`, object: 'Contact', id: sf_id }),
    );
    await shot(panel, 'record-hubspot-synced');
    // The link works: it answers with the record page the sandbox org serves, naming the same record.
    const res = await fetch(href);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(sf_id.slice(0, 15));
  });

  it('a Salesforce record page shows the same record with a link back to HubSpot', async () => {
    const { crm_id, sf_id } = synced();
    await app.goto(`${LIGHTNING}/lightning/r/Contact/${sf_id.slice(0, 15)}/view`);
    await app.bringToFront();
    expect(await recordViewIn(panel, 'synced')).toContain('Salesforce');
    const href = await otherSideLink(panel);
    expect(href).toBe(
      hubspotRecordUrl({
        uiBaseUrl: `${proxy.url}/sandbox/hubspot`,
        portalId: portal(),
        objectType: 'contacts',
        id: crm_id,
      }),
    );
    await shot(panel, 'record-salesforce-synced');
    const res = await fetch(href);
    expect(res.status).toBe(200);
  });

  it('a failing HubSpot contact lists its open errors with their fixes and a resync button', async () => {
    const failing = (await proxy.store.listErrors({ category: 'picklists', q: 'Podcast' }, { limit: 1 }))
      .items[0]!;
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${failing.crmId}`);
    await app.bringToFront();
    const text = await recordViewIn(panel, 'failing');
    expect(text).toContain('Podcast');
    expect(await panel.$$eval('[data-testid=record-error]', (els) => els.length)).toBeGreaterThan(0);
    await shot(panel, 'record-hubspot-failing');
  });

  it('a HubSpot contact held back by a duplicate rule links the existing Salesforce record it matches', async () => {
    const dup = (await proxy.store.listErrors({ category: 'duplicates' }, { limit: 1 })).items[0]!;
    expect(dup.duplicateOf).toBeTruthy();
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${dup.crmId}`);
    await app.bringToFront();
    const link = await panel.waitForSelector('[data-testid=record-duplicate-of] a', { timeout: 15_000 });
    const href = await link?.evaluate((a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(
      salesforceRecordUrl({
        instanceUrl: `${proxy.url}/sandbox/salesforce`,
        object: 'Contact',
        id: dup.duplicateOf as string,
      }),
    );
    await shot(panel, 'record-hubspot-duplicate');
    const res = await fetch(href as string);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain((dup.duplicateOf as string).slice(0, 15));
  });

  it('a history line names the record it merged into by name, linked to it in Salesforce, with the id only on hover', async () => {
    const { crm_id, sf_id, name } = testDatabase(proxy.store)
      .prepare(
        `SELECT crm_id, sf_id, name FROM links WHERE crm_type = 'contacts' AND sf_object = 'Contact' AND sf_id IS NOT NULL AND name IS NOT NULL LIMIT 1 OFFSET 1`,
      )
      .get() as { crm_id: string; sf_id: string; name: string };
    await proxy.store.addHistory(
      'contacts',
      crm_id,
      Date.now(),
      'merged',
      `merged in Salesforce into Contact ${sf_id}: the sync follows the surviving record`,
    );
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${crm_id}`);
    await app.bringToFront();
    await recordViewIn(panel, 'synced');
    const link = await panel.waitForSelector('[data-testid=history-record]', { timeout: 15_000 });
    const shown = await link!.evaluate((a) => ({
      text: a.textContent ?? '',
      href: (a as HTMLAnchorElement).href,
      title: a.getAttribute('title'),
    }));
    expect(shown.text).toContain(`Contact "${name}"`);
    expect(shown.href).toContain(`/lightning/r/Contact/${sf_id}/view`);
    expect(shown.title).toContain(sf_id);
    expect(await panel.$eval('[data-testid=record-view]', (el) => el.textContent ?? '')).not.toContain(sf_id);
    await shot(panel, 'record-history-named');
  });
});
