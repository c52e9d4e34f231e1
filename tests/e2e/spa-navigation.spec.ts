import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../proxy/store/index';
import { hubspotRecordUrl } from '../../shared/view-links';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import {
  HUBSPOT,
  LIGHTNING,
  otherSideLink,
  pushState,
  recordViewIn,
  serveAtRealUrls,
  shot,
} from './pages/record-app';

describe('in-app navigation (pushState, no page load) moves the panel to the new record', () => {
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

  const syncedContacts = () =>
    testDatabase(proxy.store)
      .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 2`)
      .all() as { crm_id: string; sf_id: string }[];

  it('HubSpot: from a synced contact to a failing one, the panel shows the new one and its errors', async () => {
    const [synced] = syncedContacts();
    const failing = (await proxy.store.listErrors({ category: 'picklists', q: 'Podcast' }, { limit: 1 }))
      .items[0]!;
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${synced!.crm_id}`);
    await app.bringToFront();
    await recordViewIn(panel, 'synced');
    await pushState(app, `${HUBSPOT}/contacts/${portal()}/record/0-1/${failing.crmId}`);
    const text = await recordViewIn(panel, 'failing');
    // The panel names the record (no bare id since the This-record view shows the name only).
    expect(text).toContain(failing.recordName!);
    expect(text).toContain('Podcast');
    await shot(panel, 'spa-hubspot-to-failing');
  });

  it('Lightning: from one contact to another, the link follows to the second one in HubSpot', async () => {
    const [a, b] = syncedContacts();
    await app.goto(`${LIGHTNING}/lightning/r/Contact/${a!.sf_id}/view`);
    await app.bringToFront();
    await recordViewIn(panel, 'synced');
    const link = (id: string) =>
      hubspotRecordUrl({
        uiBaseUrl: `${proxy.url}/sandbox/hubspot`,
        portalId: portal(),
        objectType: 'contacts',
        id,
      });
    expect(await otherSideLink(panel)).toBe(link(a!.crm_id));
    await pushState(app, `${LIGHTNING}/lightning/r/Contact/${b!.sf_id}/view`);
    await panel.waitForFunction(
      (href) => document.querySelector<HTMLAnchorElement>('[data-testid=other-side-link]')?.href === href,
      { timeout: 15_000, polling: 'mutation' }, // the panel's tab is in the background: no animation frames
      link(b!.crm_id),
    );
    await shot(panel, 'spa-lightning-second-contact');
  });

  it('leaving the record for a list view tells the panel no record is open', async () => {
    const [synced] = syncedContacts();
    await app.goto(`${HUBSPOT}/contacts/${portal()}/record/0-1/${synced!.crm_id}`);
    await app.bringToFront();
    await recordViewIn(panel, 'synced');
    await pushState(app, `${HUBSPOT}/contacts/${portal()}/objects/0-1/views/all/list`);
    await panel.waitForSelector('section.record.empty-state', { timeout: 15_000 });
    expect(await panel.$('[data-testid=record-view]')).toBeNull();
    await shot(panel, 'spa-list-view-no-record');
  });
});
