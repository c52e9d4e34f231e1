import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotRecordUrl, salesforceRecordUrl } from '../../shared/view-links';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';

/** A stand-in for the real app at its real URL: a single page whose links change the URL with pushState. */
function fakeApp(title: string) {
  return `<!doctype html><title>${title}</title><h1>${title}</h1>
<script>window.go = (url) => history.pushState({}, '', url);</script>`;
}

async function serveAtRealUrls(page: Page) {
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    const host = new URL(req.url()).hostname;
    if (host === 'app.hubspot.com' || host.endsWith('.lightning.force.com'))
      void req.respond({ status: 200, contentType: 'text/html', body: fakeApp(host) });
    else void req.continue();
  });
}

const shot = async (page: Page, name: string) => {
  if (!process.env.E2E_SCREENSHOTS) return;
  mkdirSync(process.env.E2E_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, `${name}.png`) });
};

describe('record pages: the panel shows the record in the active tab and links to its copy', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let panel: Page;
  let app: Page;
  const portal = () => proxy.sandboxes.hubspot.portalId;
  const HUBSPOT = 'https://app.hubspot.com';
  const LIGHTNING = 'https://acme-dev-ed.lightning.force.com';

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
    proxy.store.db
      .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string; sf_id: string };

  async function panelShows(state: string) {
    await panel.waitForSelector(`[data-testid=record-view][data-state=${state}]`, { timeout: 15_000 });
    return panel.$eval('[data-testid=record-view]', (el) => el.textContent ?? '');
  }

  it('a synced HubSpot contact shows "In sync" and a link that opens it in Salesforce', async () => {
    const { crm_id, sf_id } = synced();
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${crm_id}`);
    await app.bringToFront();
    await panelShows('synced');
    const href = await panel.$eval('[data-testid=other-side-link]', (a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(
      salesforceRecordUrl({ instanceUrl: `${proxy.url}/sandbox/salesforce`, object: 'Contact', id: sf_id }),
    );
    await shot(panel, 'record-hubspot-synced');
    // The link works: it opens the record page the sandbox org serves.
    const res = await fetch(href);
    expect(res.status).toBe(200);
  });

  it('a Salesforce record page shows the same record with a link back to HubSpot', async () => {
    const { crm_id, sf_id } = synced();
    await app.goto(`${LIGHTNING}/lightning/r/Contact/${sf_id.slice(0, 15)}/view`);
    await app.bringToFront();
    await panelShows('synced');
    const href = await panel.$eval('[data-testid=other-side-link]', (a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(
      hubspotRecordUrl({
        uiBaseUrl: `${proxy.url}/sandbox/hubspot`,
        portalId: portal(),
        objectType: 'contacts',
        id: crm_id,
      }),
    );
  });

  it('navigating inside the app to a failing contact updates the panel with its errors and fixes', async () => {
    const failing = proxy.store.listErrors({ category: 'picklists', q: 'Podcast' }, { limit: 1 }).items[0]!;
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${synced().crm_id}`);
    await app.bringToFront();
    await panelShows('synced');
    await app.evaluate(
      (url) => (window as unknown as { go(u: string): void }).go(url),
      `${HUBSPOT}/contacts/${portal()}/record/0-1/${failing.crmId}`,
    );
    const text = await panelShows('failing');
    expect(text).toContain('Podcast');
    expect(await panel.$$eval('[data-testid=record-error]', (els) => els.length)).toBeGreaterThan(0);
    await shot(panel, 'record-hubspot-failing');
  });
});
