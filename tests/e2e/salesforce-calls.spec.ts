import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { PanelOverview } from './pages/panel-overview';
import { PanelSettings } from './pages/panel-settings';
import { retype } from './pages/retype';

const FORM = '[data-testid=salesforce-calls-form]';

describe('Settings → Salesforce calls', () => {
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

  const openForm = async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await new PanelSettings(panel.page).open();
    await panel.page.waitForSelector(`${FORM} input[name=bulkThreshold]`);
    return panel;
  };
  const type = async (page: PanelOverview['page'], name: string, value: string) => {
    await retype(page, `${FORM} input[name=${name}]`, value);
  };
  const save = async (page: PanelOverview['page']) => {
    const before = await page.$eval('#salesforce-calls-note', (el) => el.textContent ?? '');
    await page.click(`${FORM} button[type=submit]`);
    await page.waitForFunction(
      (b) => (document.querySelector('#salesforce-calls-note')?.textContent ?? '') !== b,
      { polling: 100 },
      before,
    );
    return page.$eval('#salesforce-calls-note', (el) => el.textContent ?? '');
  };

  it('says how Salesforce changes arrive: checked every 1–15 minutes, as the demo org has no change events', async () => {
    const panel = await openForm();
    const line = await panel.page.waitForSelector('[data-testid=salesforce-changes]');
    expect(await line!.evaluate((e) => e.textContent)).toMatch(
      /^Salesforce changes: checked every 1–15 minutes \((change events are not enabled for Account, Contact and Opportunity in this org|change events are starting for .*)\)$/,
    );
    expect(await panel.page.$eval('#salesforce-calls-note', (e) => e.textContent)).toContain(
      'More than 2,000 records of one kind are sent in bulk',
    );
  });

  it('refuses a shortest wait above the longest in words, and saves nothing', async () => {
    const panel = await openForm();
    await type(panel.page, 'pollFloorMinutes', '20');
    expect(await save(panel.page)).toBe('The first number of minutes must not be larger than the second.');
    expect((await proxy.store.settings()).pollFloorMinutes).toBe(1);
  });

  it("turns on the first sync's copy of the records only Salesforce holds, and says so", async () => {
    const panel = await openForm();
    await panel.page.click(`${FORM} input[name=copyExistingToCrm]`);
    expect(await save(panel.page)).toContain(
      'The first sync copies the records Salesforce already holds to HubSpot.',
    );
    expect((await proxy.store.settings()).copyExistingToCrm).toBe(true);
    await panel.page.click(`${FORM} input[name=copyExistingToCrm]`);
    expect(await save(panel.page)).toContain(
      'The first sync leaves the records only Salesforce holds where they are.',
    );
    expect((await proxy.store.settings()).copyExistingToCrm).toBe(false);
  });

  it('saves the bulk threshold and the polling range to the proxy', async () => {
    const panel = await openForm();
    await type(panel.page, 'bulkThreshold', '5,000');
    await type(panel.page, 'pollFloorMinutes', '2');
    await type(panel.page, 'pollCeilingMinutes', '30');
    expect(await save(panel.page)).toBe(
      'Saved. More than 5,000 records of one kind are sent in bulk; Salesforce is checked for changes every 2–30 minutes (more often right after a change), or every 6 hours for records whose changes arrive live. The first sync leaves the records only Salesforce holds where they are.',
    );
    expect(await proxy.store.settings()).toMatchObject({
      bulkThreshold: 5000,
      pollFloorMinutes: 2,
      pollCeilingMinutes: 30,
    });
    const dir = process.env.E2E_SCREENSHOTS;
    if (!dir) return;
    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await panel.page.setViewport({ width, height: 900 });
        // Below the panel's sticky header, with the form's title in view.
        await panel.page.$eval(FORM, (e) =>
          window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 90),
        );
        await panel.page.screenshot({ path: `${dir}/salesforce-calls-${theme}-${width}.png` });
      }
  });
});
