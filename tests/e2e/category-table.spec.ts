import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CategoryPage } from './pages/category-page';
import { type CategorySession, screenshot, startCategorySession } from './pages/category-session';

const openPicklists = async (s: CategorySession) =>
  (await s.proxy.store.summary()).categories.find((c) => c.category === 'picklists')!.openErrors;

/** New HubSpot contacts whose Lead Source the org's picklist refuses: picklist errors on the next run. */
async function morePicklistErrors(s: CategorySession, count: number) {
  for (let i = 0; i < count; i++)
    s.proxy.sandboxes.hubspot.control.createRecord('contacts', {
      firstname: `Listener${i}`,
      lastname: 'Podcaster',
      email: `listener${i}@podcast.example`,
      leadsource: 'Podcast',
    });
  await s.proxy.engine.runOnce();
}

async function choose(view: CategoryPage, select: string, value: string) {
  const before = await view.page.$$eval('[data-testid=error-row]', (rows) =>
    rows.map((r) => r.getAttribute('data-id')),
  );
  await view.page.select(`[data-testid=${select}]`, value);
  await view.page.waitForFunction(
    (ids) => {
      const table = document.querySelector('[data-testid=error-table]');
      const now = [...document.querySelectorAll<HTMLElement>('[data-testid=error-row]')].map(
        (r) => r.dataset.id,
      );
      return (
        document.querySelector('[data-testid=category-empty]') ||
        (table?.getAttribute('aria-busy') === 'false' && now.join() !== ids.join())
      );
    },
    { polling: 100, timeout: 10_000 },
    before,
  );
}

describe('the error table: filters, sorting, columns, and what Resync all does to it', () => {
  let s: CategorySession;
  beforeEach(async () => {
    s = await startCategorySession();
  });
  afterEach(async () => {
    await s?.close();
  });

  it('filters by object and error type and sorts by record name, showing what the proxy holds for that filter', async () => {
    const view = await CategoryPage.open(s.session, 'custom-code');
    await view.page.setViewport({ width: 800, height: 900 });
    expect(await view.page.$$eval('thead th', (ths) => ths.map((t) => t.textContent?.trim()))).toEqual([
      'Select',
      'Record',
      'Error type',
      'Attempts',
      'Last attempt',
      'First seen',
    ]);
    await choose(view, 'object-filter', 'Account');
    const accounts = await s.proxy.store.listErrors(
      { category: 'custom-code', object: 'Account' },
      { limit: 500 },
    );
    expect((await view.rows()).map((r) => r.id).sort()).toEqual(accounts.items.map((e) => e.id).sort());

    await choose(view, 'type-filter', 'validation-rule');
    const rules = await s.proxy.store.listErrors(
      { category: 'custom-code', object: 'Account', subType: 'validation-rule' },
      { limit: 500 },
    );
    expect(rules.items.length).toBeGreaterThan(0);
    expect((await view.rows()).map((r) => r.id).sort()).toEqual(rules.items.map((e) => e.id).sort());

    await choose(view, 'object-filter', '');
    await choose(view, 'sort', 'record');
    const byName = await s.proxy.store.listErrors(
      { category: 'custom-code', subType: 'validation-rule' },
      { limit: 500, sort: 'record' },
    );
    expect((await view.rows()).map((r) => r.id)).toEqual(byName.items.map((e) => e.id));
    await screenshot(view.page, 'category-filtered');
  });

  it('keeps every row to at most three lines at 400 px, with the details one click away', async () => {
    const view = await CategoryPage.open(s.session, 'custom-code');
    await view.page.setViewport({ width: 400, height: 900 });
    const heights = await view.page.$$eval('[data-testid=error-row]', (rows) =>
      rows.map((r) => r.getBoundingClientRect().height),
    );
    await screenshot(view.page, 'category-400');
    const line = await view.page.$eval('body', (b) => Number.parseFloat(getComputedStyle(b).lineHeight));
    expect(heights.length).toBeGreaterThan(0);
    // Three lines of text plus the cell padding and border.
    for (const h of heights) expect(h).toBeLessThanOrEqual(3 * line + 14);
    const fontSize = await view.page.$eval('[data-testid=error-row] .name', (el) =>
      Number.parseFloat(getComputedStyle(el).fontSize),
    );
    expect(fontSize).toBeGreaterThanOrEqual(13);
  });

  it('asks before Resync all, naming the count; Cancel sends nothing', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    const total = await openPicklists(s);
    const question = await view.confirmation();
    expect(question).toContain(`Resync ${total} open picklist errors?`);
    await screenshot(view.page, 'category-confirm-resync-all');
    await view.page.click('xpath/.//fieldset[@data-testid="confirm-resync-all"]//button[. = "Cancel"]');
    expect(await view.page.$('[data-testid=confirm-resync-all]')).toBeNull();
    expect(await view.page.$('[data-testid=job-progress]')).toBeNull();
    expect(await openPicklists(s)).toBe(total);
  });

  it('after Resync all from page 2, the table shows the first page of the errors that remain, and the outcome stays until dismissed', async () => {
    await morePicklistErrors(s, 55);
    const view = await CategoryPage.open(s.session, 'picklists');
    const total = await openPicklists(s);
    expect(total).toBeGreaterThan(50);
    await view.page.click('[data-testid=next-page]');
    await view.page.waitForFunction(() => document.querySelector('.pager span')?.textContent === 'Page 2', {
      polling: 100,
      timeout: 10_000,
    });
    await view.waitForRows();

    const note = await view.run('resync-all');
    // Nothing was fixed: every error still fails, and they must still be on screen.
    expect(note).toContain(`0 resolved · ${total} still failing of ${total} errors`);
    await view.page.waitForFunction(
      () =>
        document.querySelector('.pager span')?.textContent === 'Page 1' &&
        document.querySelectorAll('[data-testid=error-row]').length > 0,
      { polling: 100, timeout: 10_000 },
    );
    expect((await view.rows()).length).toBe(50);
    await screenshot(view.page, 'category-after-resync-all');

    const status = await view.page.$('[data-testid=action-status]');
    expect(await status!.evaluate((e) => e.getAttribute('aria-live'))).toBe('polite');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await view.page.$eval('[data-testid=action-resync-all-note]', (e) => e.textContent)).toBe(note);
    await view.page.click('[data-testid=action-status] button.dismiss');
    expect(await view.page.$('[data-testid=action-resync-all-note]')).toBeNull();
  });
});
