import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';
import { PanelOverview } from './pages/panel-overview';
import { PanelSettings } from './pages/panel-settings';
import { retype } from './pages/retype';
import { savePng } from './pages/screenshots';

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

describe('Settings → Salesforce calls when one object’s change events stop', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  /** The embedded org's Setup, through its control API (the pairing token opens it in sandbox mode). */
  const orgControl = async (path: string, body: unknown) => {
    const res = await fetch(`${proxy.url}/sandbox/salesforce/_control${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  const modeIs = async (mode: string) => {
    const deadline = Date.now() + 60_000;
    while ((await proxy.engine.salesforceChanges()).mode !== mode) {
      if (Date.now() > deadline) throw new Error(`Salesforce changes never arrived as "${mode}"`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    for (const object of ['Account', 'Contact', 'Opportunity'])
      await orgControl('/change-events', { object, enabled: true });
    // The demo's first run found no change events; the safety poll (hours later) asks again: it is due now.
    await proxy.store.setCursor('cdc_safety_poll_at', 0);
    await proxy.engine.runOnce();
    await modeIs('events');
    // The network fails under Contact's streaming connection alone.
    await orgControl('/change-events/interruptions', { object: 'Contact', count: 1000 });
    await modeIs('mixed');
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('names the object that is checked by polling and what stopped its change events; the others stay live', async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await new PanelSettings(panel.page).open();
    const line = await panel.page.waitForSelector('[data-testid=salesforce-changes]');
    expect(await line!.evaluate((e) => e.textContent)).toBe(
      'Salesforce changes: live for Account and Opportunity; Contact checked every 1–15 minutes (change events stopped for Contact: no answer from Salesforce on the streaming connection)',
    );
    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await panel.page.setViewport({ width, height: 700 });
        await panel.page.evaluate(() =>
          document.querySelector('[data-testid=salesforce-changes]')?.scrollIntoView({ block: 'center' }),
        );
        await savePng(panel.page, `salesforce-changes-mixed-${theme}-${width}`, false);
      }
  });
});
