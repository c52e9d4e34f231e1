import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupFile } from './fixture';
import { CategoryPage } from './pages/category-page';
import { PanelOverview } from './pages/panel-overview';

describe('Settings → Field mappings on the embedded sandbox', () => {
  const env = setupFile();

  it('adds a mapping in the panel, says how many records go again, and the value reaches the sandbox org', async () => {
    // A contact the first sync linked gets a city in HubSpot: no mapping carries it yet.
    let crmId: string | undefined;
    for (const r of env.proxy.sandboxes.salesforce.control.records('Contact')) {
      const id = String(r.HubSpot_Id__c ?? '');
      if (id && (await env.proxy.store.link('contacts', id))?.sfId) {
        crmId = id;
        break;
      }
    }
    expect(crmId).toBeTruthy();
    const res = await fetch(`${env.proxy.url}/sandbox/hubspot/crm/v3/objects/contacts/${crmId}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${env.proxy.sandboxes.hubspot.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ properties: { city: 'Lyon' } }),
    });
    expect(res.status).toBe(200);

    const panel = await PanelOverview.open(env.session);
    await panel.connection('connected');
    await panel.tab('settings');
    const page = panel.page;
    await page.waitForSelector('[data-testid=mapping-rows] li', { timeout: 15_000 });
    await page.waitForSelector('[data-testid=mapping-add-property] option[value=city]', { timeout: 15_000 });
    // The planted problem shows on its row, in words.
    const mobileRow = await page.$eval(
      '[data-property=mobilephone] .mapping-problem',
      (el) => el.textContent,
    );
    expect(mobileRow).toContain("cannot edit Contact's Mobile Phone field (MobilePhone)");

    await page.select('[data-testid=mapping-add-property]', 'city');
    // Only compatible fields can be chosen; the others say why.
    const birthdate = await page.$eval('[data-testid=mapping-add-field] option[value=Birthdate]', (el) => ({
      disabled: (el as HTMLOptionElement).disabled,
      text: el.textContent,
    }));
    expect(birthdate).toEqual({
      disabled: true,
      text: 'Birthdate (Date) — A text property cannot fill a Date field (it takes date or date and time properties)',
    });
    await page.select('[data-testid=mapping-add-field]', 'MailingCity');
    await page.select('[data-testid=mapping-add-direction]', 'crm-to-sf');
    await page.click('[data-testid=mapping-add-button]');
    await page.waitForSelector('[data-property=city][data-field=MailingCity]');
    await shots(panel, 'mapping-editor');
    await page.click('[data-testid=mapping-save]');
    await page.waitForSelector('[data-testid=mapping-saved]', { timeout: 15_000 });
    const saved = await page.$eval('[data-testid=mapping-saved]', (el) => el.textContent);
    const linked = await env.proxy.store.linkedCount('contacts');
    expect(saved).toBe(
      `Saved. ${linked.toLocaleString('en-US')} synced records will be sent again with the new mappings on the next run.`,
    );

    await env.proxy.engine.runOnce();
    const contact = env.proxy.sandboxes.salesforce.control
      .records('Contact')
      .find((r) => r.HubSpot_Id__c === crmId);
    expect(contact?.MailingCity).toBe('Lyon');
  });

  it("links a Property mappings error's steps to the mapping row that fixes it", async () => {
    // The demo's companies carry a tier that Account.Customer_Tier__c (missing in the org) cannot take.
    const view = await CategoryPage.open(env.session, 'property-mappings');
    const [row] = await view.rows();
    expect(row).toBeTruthy();
    await view.openSteps(row.id);
    await view.page.click(`#steps-${row.id} [data-testid=open-mapping]`);
    const focused = await view.page.waitForSelector('.mapping-row.focused', { timeout: 15_000 });
    expect(await focused?.evaluate((el) => el.id)).toBe('mapping-companies-Customer_Tier__c');
    expect(await focused?.$eval('.mapping-problem', (el) => el.textContent)).toMatch(
      "Account's Customer Tier field (Customer_Tier__c) does not exist",
    );
    expect(await view.page.$eval('[data-testid=mapping-pair]', (el) => (el as HTMLSelectElement).value)).toBe(
      'companies',
    );
    await view.page.close();
  });
});

/** With E2E_SCREENSHOTS=DIR: the editor at 400 and 800 px, light and dark. */
async function shots(panel: PanelOverview, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const theme of ['light', 'dark'] as const)
    for (const width of [400, 800]) {
      await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      await panel.page.setViewport({ width, height: 900 });
      await panel.page.$eval('[data-testid=mapping-rows]', (el) => el.scrollIntoView({ block: 'start' }));
      await panel.page.screenshot({ path: join(dir, `${name}-${width}-${theme}.png`) });
    }
  await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}
