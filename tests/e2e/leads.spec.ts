import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotRecordUrl } from '../../shared/view-links';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { LIGHTNING, otherSideLink, recordViewIn, serveAtRealUrls } from './pages/record-app';

describe("Lead record pages: the panel shows a Lead's health like a Contact's", () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let panel: Page;
  let app: Page;
  let synced: { crmId: string; leadId: string };
  let failing: { crmId: string };

  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    // New CRM contacts go to Salesforce as Leads from now on.
    await proxy.store.setRecordRules({ contactsCreateAs: 'Lead' });
    const hs = proxy.sandboxes.hubspot.control;
    const crmId = hs.createRecord('contacts', {
      firstname: 'Lena',
      lastname: 'Leadpage',
      email: 'lena@leadpage.example',
      company: 'Leadpage Ltd',
    });
    // A placeholder company meets the org's Lead validation rule.
    const bad = hs.createRecord('contacts', {
      lastname: 'Placeholder',
      email: 'p@leadpage.example',
      company: 'Unknown',
    });
    await proxy.engine.runOnce();
    const leadId = (await proxy.store.link('contacts', crmId))?.sfId as string;
    expect(leadId.startsWith('00Q')).toBe(true);
    synced = { crmId, leadId };
    failing = { crmId: bad };
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

  it('a synced Lead\'s Lightning page shows "In sync" and links to its HubSpot contact', async () => {
    await app.goto(`${LIGHTNING}/lightning/r/Lead/${synced.leadId}/view`);
    await app.bringToFront();
    expect(await recordViewIn(panel, 'synced')).toContain('Salesforce');
    expect(await otherSideLink(panel)).toBe(
      hubspotRecordUrl({
        uiBaseUrl: `${proxy.url}/sandbox/hubspot`,
        portalId: proxy.sandboxes.hubspot.portalId,
        objectType: 'contacts',
        id: synced.crmId,
      }),
    );
  });

  it('a contact whose Lead Salesforce refused shows the error on its record page', async () => {
    await app.goto(
      `https://app.hubspot.com/contacts/${proxy.sandboxes.hubspot.portalId}/record/0-1/${failing.crmId}`,
    );
    await app.bringToFront();
    const text = await recordViewIn(panel, 'failing');
    expect(text).toContain('placeholder');
  });
});
