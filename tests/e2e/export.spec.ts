import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchDownloads, type DownloadCatcher, readCsvFile } from './pages/category-download';
import { CategoryPage } from './pages/category-page';
import { type CategorySession, screenshot, startCategorySession } from './pages/category-session';

describe('export a category as CSV', () => {
  let s: CategorySession;
  let downloads: DownloadCatcher;
  beforeEach(async () => {
    s = await startCategorySession();
    downloads = await catchDownloads(s.session.browser);
  });
  afterEach(async () => {
    await downloads?.dispose();
    await s?.close();
  });

  it('Export saves a CSV whose rows are the proxy errors of the category', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    const saved = downloads.next();
    const note = await view.run('export');
    const file = await saved;
    await screenshot(view.page, 'category-exported');

    expect(file.suggestedFilename).toMatch(/\.csv$/);
    expect(note).toBe(`Saved ${file.suggestedFilename}`);
    const rows = readCsvFile(file.path);
    const expected = [...(await s.proxy.store.iterateErrors({ category: 'picklists' }))];
    expect(rows.map((r) => r['Error id']).sort()).toEqual(expected.map((e) => e.id).sort());
    for (const e of expected) {
      const row = rows.find((r) => r['Error id'] === e.id);
      expect(row?.['HubSpot id'], e.id).toBe(e.crmId);
      expect(row?.['Error detail'], e.id).toBe(e.summary ?? e.message);
    }
  });

  it('Export of a search holds only the matching errors', async () => {
    const view = await CategoryPage.open(s.session, 'picklists');
    await view.search('Biotech');
    const saved = downloads.next();
    await view.run('export');
    const rows = readCsvFile((await saved).path);
    const expected = (await s.proxy.store.listErrors({ category: 'picklists', q: 'Biotech' }, { limit: 500 }))
      .items;
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r['Error id']).sort()).toEqual(expected.map((e) => e.id).sort());
  });
});
