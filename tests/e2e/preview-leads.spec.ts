/**
 * The demo before its first sync, previewed in the panel: the HubSpot contacts a former sync linked to
 * Salesforce Leads are counted in a Leads column of their own, not as Contact work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPreview, startPreviewSession } from './pages/panel-preview';
import { savePng } from './pages/screenshots';

describe('the preview of the demo counts Lead contacts under Leads', () => {
  let env: Awaited<ReturnType<typeof startPreviewSession>>;
  beforeAll(async () => {
    env = await startPreviewSession();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('shows a Leads column with the seven Lead contacts, apart from the Contacts column', async () => {
    const panel = await openPreview(env.session);
    const head = await panel.$$eval('[data-testid=preview-table] thead th', (ths) =>
      ths.map((th) => [th.getAttribute('data-object'), th.textContent?.replace(/\s+/g, ' ').trim()]),
    );
    expect(head).toContainEqual(['leads', 'Leads: contacts that are Leads → Leads']);
    expect(head).toContainEqual(['contacts', 'Contacts: contacts → Contacts']);
    const leadsColumn = head.findIndex(([o]) => o === 'leads');
    const column = await panel.$$eval(
      '[data-testid=preview-table] tbody tr',
      (trs, k) =>
        trs.map((tr) => [tr.getAttribute('data-measure'), tr.querySelectorAll('td')[k]?.textContent ?? '']),
      leadsColumn,
    );
    const cell = Object.fromEntries(column);
    // Linked to the Lead their salesforce_id names: updates (one fails preflight on "Podcast"), none new.
    const leads = (await env.running.sync.engine.preview()).objects.find((o) => o.sfObject === 'Lead')!;
    expect(leads.read).toBe(7);
    expect(cell.create).toBe('0');
    expect(cell.failing).toBe(String(Object.values(leads.failing).reduce((n, k) => n + (k ?? 0), 0)));
    const failing = await panel.$eval(
      '[data-testid=preview-failing] [data-object=leads]',
      (li) => li.textContent,
    );
    expect(failing).toMatch(/^Will fail, contacts that are Leads → Leads: .*Picklists: 1/);
    // Every column fits a 400 px panel: nothing scrolls out of sight.
    await panel.setViewport({ width: 400, height: 900 });
    const overflow = await panel.$eval('.preview-table-scroll', (el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(cell.update).toBe(String(leads.toUpdate));
    for (const theme of ['light', 'dark'] as const)
      for (const width of [400, 800]) {
        await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
        await panel.setViewport({ width, height: 900 });
        await panel.evaluate(() => document.querySelector('[data-testid=preview]')?.scrollIntoView());
        await savePng(panel, `preview-leads-${theme}-${width}`, false);
      }
  });
});
