import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CategoryPage } from './pages/category-page';
import {
  badgeText,
  type CategorySession,
  salesforceControl,
  screenshot,
  startCategorySession,
} from './pages/category-session';

const openCount = async (s: CategorySession, category: string) =>
  (await s.proxy.store.summary()).categories.find((c) => c.category === category)?.openErrors ?? -1;

const errorIdsOf = async (
  s: CategorySession,
  filter: { category: 'picklists' | 'permissions'; q?: string },
) => (await s.proxy.store.listErrors(filter, { limit: 500 })).items.map((e) => e.id).sort();

async function waitForBadge(s: CategorySession, expected: string): Promise<string> {
  let text = '';
  for (let i = 0; i < 50; i++) {
    text = await badgeText(s.worker);
    if (text === expected) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return text;
}

describe('open a category, select, resync', () => {
  let s: CategorySession;
  beforeEach(async () => {
    s = await startCategorySession();
  });
  afterEach(async () => {
    await s?.close();
  });

  it('shows the errors of the category the proxy holds, each with its record links', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    await screenshot(view.page, 'category-picklists');
    const rows = await view.rows();
    expect(rows.map((r) => r.id).sort()).toEqual(await errorIdsOf(s, { category: 'picklists' }));
    expect(await view.counts()).toEqual({
      errors: await openCount(s, 'picklists'),
      records: expect.any(Number),
    });
    for (const row of rows) expect(row.crmUrl, row.name).toMatch(/\/contacts\/\d+\/record\/0-[12]\/\d+$/);
  });

  it('shows each duplicate with a link to the existing Salesforce record it matches', async () => {
    const view = await CategoryPage.open(s.session, 'duplicates');
    await screenshot(view.page, 'category-duplicates');
    const rows = await view.rows();
    const expected = (await s.proxy.store.listErrors({ category: 'duplicates' }, { limit: 500 })).items;
    expect(rows.length).toBe(expected.length);
    for (const row of rows) {
      const error = expected.find((e) => e.id === row.id);
      expect(error?.duplicateOf, row.name).toBeTruthy();
      expect(row.duplicateUrl, row.name).toMatch(
        new RegExp(`/lightning/r/${error?.sfObject}/${error?.duplicateOf}/view$`),
      );
    }
  });

  it('the info control opens the resolution steps naming the field and the value', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    const [podcast] = await errorIdsOf(s, { category: 'picklists', q: 'Podcast' });
    const steps = await view.openSteps(podcast);
    await screenshot(view.page, 'category-steps');
    expect(steps.join(' ')).toContain('LeadSource');
    expect(steps.join(' ')).toContain('"Podcast"');
  });

  it('resolves the selected errors once the picklist value is added, and the counts and badge fall', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    const before = await openCount(s, 'picklists');
    const badgeBefore = await badgeText(s.worker);
    await view.search('Podcast');
    const podcast = await errorIdsOf(s, { category: 'picklists', q: 'Podcast' });
    expect((await view.rows()).map((r) => r.id).sort()).toEqual(podcast);

    // Lead Source is one picklist for Contact and Lead in Salesforce: the demo's Lead has "Podcast" too.
    for (const object of ['Contact', 'Lead'])
      await salesforceControl(s.proxy, '/picklist-values', { object, field: 'LeadSource', value: 'Podcast' });
    await view.select(podcast);
    expect((await view.buttonState('resync')).label).toBe(`Resync selected (${podcast.length})`);
    const note = await view.run('resync');
    await screenshot(view.page, 'category-resynced');

    expect(note).toBe(`${podcast.length} resolved`);
    expect((await view.rows()).map((r) => r.outcome)).toEqual(podcast.map(() => 'resolved'));
    await view.waitForCounts((c) => c.errors === before - podcast.length);
    expect(await openCount(s, 'picklists')).toBe(before - podcast.length);
    // The live badge belongs to the background; when this build sets one, it must follow the resync.
    if (badgeBefore !== '') {
      expect(await waitForBadge(s, String(Number(badgeBefore) - podcast.length))).toBe(
        String(Number(badgeBefore) - podcast.length),
      );
    }
  });

  it('marks errors whose cause is still there as still failing, with the error they fail with', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    await view.search('Biotech');
    const biotech = await errorIdsOf(s, { category: 'picklists', q: 'Biotech' });
    await view.select(biotech.slice(0, 2));
    const note = await view.run('resync');
    expect(note).toBe('0 resolved · 2 still failing');
    const failing = (await view.rows()).filter((r) => r.outcome === 'failing');
    expect(failing.map((r) => r.id).sort()).toEqual(biotech.slice(0, 2));
    expect(await openCount(s, 'picklists')).toBe((await errorIdsOf(s, { category: 'picklists' })).length);
  });

  it('Resync all clears the whole category after the fix and says there is nothing left', async () => {
    const view = await CategoryPage.open(s.session, 'permissions');
    const total = await openCount(s, 'permissions');
    expect(total).toBeGreaterThan(0);
    // The mobile number is read-only on Contact and on Lead (the demo's Leads): the admin opens both.
    for (const object of ['Contact', 'Lead'])
      await salesforceControl(s.proxy, '/field-permissions', {
        object,
        field: 'MobilePhone',
        readable: true,
        editable: true,
      });
    const note = await view.run('resync-all');
    expect(note).toBe(`Resync all done: ${total} resolved of ${total} ${total === 1 ? 'error' : 'errors'}`);
    await view.page.waitForSelector('[data-testid=category-empty]', { timeout: 10_000 });
    await screenshot(view.page, 'category-empty');
    expect(await view.page.$eval('[data-testid=category-empty]', (el) => el.textContent)).toContain(
      'No open permission errors',
    );
    expect(await openCount(s, 'permissions')).toBe(0);
  });
});
