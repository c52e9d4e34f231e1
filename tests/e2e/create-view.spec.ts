import type { Browser, Page } from 'puppeteer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CategoryPage } from './pages/category-page';
import { type CategorySession, screenshot, startCategorySession } from './pages/category-session';

const LIST_PATH = /\/sandbox\/hubspot\/contacts\/\d+\/objectLists\/\d+$/;

/** The CRM list tab the extension opens, and the record ids it lists. */
async function listTab(browser: Browser): Promise<{ page: Page; recordIds: string[] }> {
  const target = await browser.waitForTarget((t) => t.type() === 'page' && LIST_PATH.test(t.url()), {
    timeout: 10_000,
  });
  const page = await target.asPage();
  await page.waitForSelector('h1');
  const hrefs = await page.$$eval('li a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
  return { page, recordIds: hrefs.map((h) => h.split('/').pop() ?? '').sort() };
}

describe('create a CRM view of the affected records', () => {
  let s: CategorySession;
  beforeEach(async () => {
    s = await startCategorySession();
  });
  afterEach(async () => {
    await s?.close();
  });

  it('Create view opens the CRM list holding every record of the category', async () => {
    const view = await CategoryPage.open(s.session, 'permissions');
    const opened = listTab(s.session.browser);
    const note = await view.run('view');
    const list = await opened;
    await screenshot(list.page, 'crm-list-permissions');

    const expected = (await s.proxy.store.affectedRecords('permissions')).flatMap((a) => a.crmIds).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(list.recordIds).toEqual(expected);
    expect(note).toBe(`Opened a HubSpot list of ${expected.length} records`);
  });

  it('with errors selected, the list holds exactly their records', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    await view.search('Podcast');
    await view.selectPage();
    const ids = (await view.rows()).map((r) => r.id);
    const opened = listTab(s.session.browser);
    expect((await view.buttonState('view')).label).toBe(`Create view (${ids.length})`);
    await view.run('view');
    const list = await opened;
    await screenshot(view.page, 'category-view-created');

    const expected = (await s.proxy.store.affectedRecords(ids)).flatMap((a) => a.crmIds).sort();
    expect(list.recordIds).toEqual(expected);
  });
});
