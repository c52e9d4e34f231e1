import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../shared/taxonomy';
import { startSandboxTestProxy } from '../fixture';
import { CategoryPage } from '../pages/category-page';
import { salesforceControl } from '../pages/category-session';
import { otherSideLink, recordViewIn, shot } from '../pages/record-app';
import { type FirefoxSession, launchFirefoxWithExtension } from './fixture';

/** The number a card shows in one of its fields (errors, records), thousands separators removed. */
const cardNumber = (panel: Page, category: string, field: 'errors' | 'records') =>
  panel
    .$eval(`[data-testid=card-${category}] [data-field=${field}]`, (el) => el.textContent ?? '')
    .then((text) => Number(text.replace(/\D/g, '')));

describe('Firefox: overview, a category with resync, and this record, in the sidebar page', () => {
  let session: FirefoxSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;

  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchFirefoxWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('the overview shows the eight error-type cards with the counts the proxy holds, and the badge their total', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
    await panel.waitForSelector('[data-testid=card-other]', { timeout: 15_000 });
    const expected = await proxy.store.summary();
    for (const category of CATEGORIES) {
      const want = expected.categories.find((c) => c.category === category);
      expect(await cardNumber(panel, category, 'errors'), category).toBe(want?.openErrors);
      expect(await cardNumber(panel, category, 'records'), category).toBe(want?.affectedRecords);
    }
    expect(expected.totalOpenErrors).toBeGreaterThan(0);
    await shot(panel, 'firefox-overview');
    // Firefox's toolbar button is a browserAction: the background draws the live total there.
    let badge = '';
    for (let i = 0; i < 100 && badge === ''; i++) {
      badge = await session.badgeText();
      if (badge === '') await new Promise((r) => setTimeout(r, 100));
    }
    expect(Number(badge.replace(/\D/g, ''))).toBe((await proxy.store.summary()).totalOpenErrors);
    await panel.close();
  });

  it('a category opened from its card resolves the selected errors once the picklist value exists', async () => {
    const panel = await session.open('sidepanel.html');
    const card = await panel.waitForSelector('[data-testid=card-picklists]', { timeout: 15_000 });
    await ((await card?.$('button, a')) ?? card)?.click();
    const view = await CategoryPage.on(panel, 'picklists');
    const before = (await proxy.store.summary()).categories.find(
      (c) => c.category === 'picklists',
    )!.openErrors;
    await view.search('Podcast');
    const podcast = (
      await proxy.store.listErrors({ category: 'picklists', q: 'Podcast' }, { limit: 500 })
    ).items
      .map((e) => e.id)
      .sort();
    expect(podcast.length).toBeGreaterThan(0);
    expect((await view.rows()).map((r) => r.id).sort()).toEqual(podcast);

    await salesforceControl(proxy, '/picklist-values', {
      object: 'Contact',
      field: 'LeadSource',
      value: 'Podcast',
    });
    // Ticked with the keyboard as a keyboard user does (BiDi names the space bar ' ', not 'Space').
    for (const id of podcast) {
      await panel.focus(`[data-testid=error-row][data-id="${id}"] input[type=checkbox]`);
      await panel.keyboard.press(' ');
    }
    expect((await view.buttonState('resync')).label).toBe(`Resync selected (${podcast.length})`);
    expect(await view.run('resync')).toBe(`${podcast.length} resolved`);
    await shot(panel, 'firefox-category-resynced');
    expect((await view.rows()).map((r) => r.outcome)).toEqual(podcast.map(() => 'resolved'));
    await view.waitForCounts((c) => c.errors === before - podcast.length);
    await panel.close();
  });

  it('this record follows the active tab to a failing HubSpot contact and then its synced Salesforce copy', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
    await panel.click('[data-testid=tab-record]');
    // A record the other test does not touch: a permissions error (a field the integration may not write).
    const failing = (await proxy.store.listErrors({ category: 'permissions' }, { limit: 1 })).items[0]!;
    const app = await session.browser.newPage();
    // The sandbox portal's own record page (the content script runs there as on app.hubspot.com).
    await app.goto(
      `${proxy.url}/sandbox/hubspot/contacts/${proxy.sandboxes.hubspot.portalId}/record/0-1/${failing.crmId}`,
    );
    await app.bringToFront();
    expect(await recordViewIn(panel, 'failing')).toContain(failing.recordName ?? failing.crmId);
    expect(await panel.$$eval('[data-testid=record-error]', (els) => els.length)).toBeGreaterThan(0);
    await shot(panel, 'firefox-record-failing');

    // A contact the sync linked to Salesforce, found through the portal's contacts API and the store's links.
    const res = await fetch(`${proxy.url}/sandbox/hubspot/crm/v3/objects/contacts?limit=100`, {
      headers: { authorization: `Bearer ${proxy.sandboxes.hubspot.accessToken}` },
    });
    const contacts = ((await res.json()) as { results: { id: string }[] }).results;
    const lookups = await Promise.all(
      contacts.map((c) => proxy.store.recordLookup('hubspot', 'contacts', c.id)),
    );
    const link = lookups.find((r) => r.synced && r.openErrors.length === 0)?.link;
    expect(link?.sfId).toBeTruthy();
    await app.goto(`${proxy.url}/sandbox/salesforce/lightning/r/Contact/${link!.sfId}/view`);
    await app.bringToFront();
    expect(await recordViewIn(panel, 'synced')).toContain('In sync');
    expect(await otherSideLink(panel)).toContain(`/record/0-1/${link!.crmId}`);
    await shot(panel, 'firefox-record-salesforce-synced');
    await app.close();
    await panel.close();
  });
});
