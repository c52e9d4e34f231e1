import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { PanelOverview } from './pages/panel-overview';

describe('Settings → Contact rules: the inclusion list', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it("offers the portal's lists with their sizes, saves one and says what it means", async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    const page = panel.page;
    await page.click('[data-testid=tab-settings]');
    const form = '[data-testid=contact-rules-form]';
    await page.waitForSelector(`${form} select[name=listId] option:nth-child(2)`);
    const options = await page.$$eval(`${form} option`, (els) => els.map((e) => e.textContent));
    expect(options).toEqual(['All contacts (no list)', 'Sync to Salesforce (150 contacts)']);
    expect(await page.$eval(`#contact-rules-note`, (e) => e.textContent)).toBe(
      'Every HubSpot contact syncs to Salesforce.',
    );

    const listId = await page.$eval(`${form} option:nth-child(2)`, (e) => (e as HTMLOptionElement).value);
    await page.select(`${form} select[name=listId]`, listId);
    await page.click(`${form} button[type=submit]`);
    await page.waitForFunction(
      () => document.querySelector('#contact-rules-note')?.textContent?.startsWith('Saved.'),
      { polling: 100 },
    );
    expect(await page.$eval('#contact-rules-note', (e) => e.textContent)).toBe(
      'Saved. Only the 150 contacts in the HubSpot list "Sync to Salesforce" sync to Salesforce. Contacts that leave it stop syncing; nothing is deleted in Salesforce.',
    );
    expect((await proxy.store.recordRules()).inclusionListId).toBe(listId);

    const dir = process.env.E2E_SCREENSHOTS;
    if (!dir) return;
    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await page.setViewport({ width, height: 700 });
        await page.$eval(form, (e) =>
          window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 90),
        );
        await page.screenshot({ path: `${dir}/contact-rules-${theme}-${width}.png` });
      }
  });
});
