import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotRecordUrl } from '../../shared/view-links';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { CategoryPage } from './pages/category-page';
import { type CategorySession, screenshot, startCategorySession } from './pages/category-session';
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

describe('the Leads of the demo in the error tables (default "create as Contacts")', () => {
  let s: CategorySession;
  beforeAll(async () => {
    s = await startCategorySession();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the object filter "Leads" shows exactly the Lead errors of a category, and a Lead error\'s steps point at the Lead\'s rule', async () => {
    const view = await CategoryPage.open(s.session, 'custom-code');
    await view.page.setViewport({ width: 800, height: 900 });
    const options = await view.page.$$eval('[data-testid=object-filter] option', (os) =>
      os.map((o) => [(o as HTMLOptionElement).value, o.textContent?.trim()]),
    );
    expect(options).toContainEqual(['Lead', 'Leads']);
    await view.page.select('[data-testid=object-filter]', 'Lead');
    const leads = await s.proxy.store.listErrors({ category: 'custom-code', object: 'Lead' }, { limit: 100 });
    // The demo plants a validation rule and a flow on its Leads.
    expect(leads.items.map((e) => e.code).sort()).toEqual([
      'CANNOT_EXECUTE_FLOW_TRIGGER',
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    ]);
    await view.page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid=error-table][aria-busy=false]') &&
        document.querySelectorAll('[data-testid=error-row]').length === n,
      { polling: 100, timeout: 10_000 },
      leads.items.length,
    );
    const rows = await view.rows();
    expect(rows.map((r) => r.id).sort()).toEqual(leads.items.map((e) => e.id).sort());
    // The counts follow the filter, with the whole category after them.
    const all = await s.proxy.store.countErrors({ category: 'custom-code' });
    await view.page.waitForFunction(
      (text) => document.querySelector('[data-testid=category-counts]')?.textContent === text,
      { polling: 100, timeout: 10_000 },
      `${leads.items.length} errors on Leads · ${all.toLocaleString('en-US')} in all`,
    );
    // "Resync all" covers the whole category, and under a filter its question says so.
    const question = await view.confirmation();
    expect(question).toContain(`Resync ${all} open custom code errors, not only the ones this filter shows?`);
    await view.page.click('xpath/.//fieldset[@data-testid="confirm-resync-all"]//button[. = "Cancel"]');
    // Each row opens the Lead in Salesforce (its id starts 00Q) and the contact in HubSpot.
    for (const row of rows) {
      expect(row.sfUrl, row.name).toMatch(/\/00Q[0-9A-Za-z]{15}\b/);
      expect(row.crmUrl, row.name).toMatch(/\/record\/0-1\/\d+$/);
    }

    const rule = leads.items.find((e) => e.code === 'FIELD_CUSTOM_VALIDATION_EXCEPTION')!;
    const steps = await view.openSteps(rule.id);
    expect(steps.join(' ')).toContain('The validation rule on Lead rejected the record');
    expect(steps.join(' ')).toContain('Object Manager → Lead → Validation Rules');
    expect(steps.join(' ')).toContain('not a placeholder');

    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await view.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await view.page.setViewport({ width, height: 900 });
        await screenshot(view.page, `leads-custom-code-${theme}-${width}`);
      }
    await view.page.close();
  });

  it('every category the demo plants on Leads shows them under "Leads"', async () => {
    const categories = ['custom-code', 'duplicates', 'other', 'permissions', 'picklists', 'property-values'];
    for (const category of categories) {
      const leads = await s.proxy.store.listErrors({ category: category as 'other', object: 'Lead' }, {});
      expect(leads.items.length, category).toBeGreaterThan(0);
    }
    const view = await CategoryPage.open(s.session, 'other');
    await view.page.select('[data-testid=object-filter]', 'Lead');
    await view.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=error-table][aria-busy=false]') &&
        [...document.querySelectorAll('[data-testid=error-row]')].some((r) =>
          /Rahimi/.test(r.textContent ?? ''),
        ),
      { polling: 100, timeout: 10_000 },
    );
    const rows = await view.rows();
    expect(rows.map((r) => r.name)).toEqual(['Leila Rahimi']);
    await view.page.close();
  });
});
