import { describe, expect, it } from 'vitest';
import { setupFile } from './fixture';
import { PanelOverview } from './pages/panel-overview';

describe('a sync held by the headroom left to other integrations', () => {
  const env = setupFile();

  it("says in the banner that the org's share for other integrations holds it, not the allocation", async () => {
    const res = await fetch(`${env.proxy.url}/api/v1/settings/headroom`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${env.proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ headroomPercent: 10 }),
    });
    expect(res.status).toBe(200);
    const org = env.proxy.sandboxes.salesforce.control;
    const { used, limit } = org.apiUsage();
    org.addApiUsage(Math.ceil(limit * 0.95) - used);
    const account = org.records('Account').find((r) => r.HubSpot_Id__c);
    // The sync learns the org's usage from Salesforce's answers: the first one after the other
    // integrations' burst tells it, and the next call is held.
    env.proxy.sandboxes.hubspot.control.updateRecord('companies', String(account?.HubSpot_Id__c), {
      city: 'Lisbon',
    });
    await env.proxy.engine.runOnce();
    env.proxy.sandboxes.hubspot.control.updateRecord('companies', String(account?.HubSpot_Id__c), {
      city: 'Porto',
    });
    await env.proxy.engine.runOnce();
    expect(await env.proxy.engine.status()).toMatchObject({ state: 'paused', cause: 'headroom' });
    const panel = await PanelOverview.open(env.session);
    const banner = await panel.page.waitForSelector('[data-testid=state-banner]', { timeout: 15_000 });
    const text = await banner!.evaluate((e) => e.textContent ?? '');
    expect(text).toMatch(/^Sync paused\. The org has 5% of its daily limit left \([\d,]+ of [\d,]+ calls\)/);
    expect(text).toContain("It checks the org's usage again at");
    expect(text).not.toContain('raise the allocation');
    const dir = process.env.E2E_SCREENSHOTS;
    if (!dir) return;
    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await panel.page.setViewport({ width, height: 900 });
        await panel.page.screenshot({ path: `${dir}/headroom-banner-${theme}-${width}.png` });
      }
  });
});
