/**
 * Every view of the side panel, run through axe-core inside the real panel page (its source evaluated
 * in the page, as a browser extension would inject it), in light and dark, at 400 and 800 px, with the
 * proxy up and with it stopped. With E2E_SCREENSHOTS=DIR each state is also saved as a PNG.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf } from '../integration/connect/connect-harness';
import { type ExtensionSession, launchWithExtension, setupFile, startSandboxTestProxy } from './fixture';
import { openPreview, startPreviewSession } from './pages/panel-preview';
import { savePng, savePngOfCopy } from './pages/screenshots';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const THEMES = ['light', 'dark'] as const;
const WIDTHS = [400, 800] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe.run on the whole page; the violations, each with the elements it found. */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 300)),
    }));
  });
}

/**
 * The view in every theme and width: axe's violations (named by where they were found), and a screenshot
 * of each state. `ready` waits for the view's content after a width change (layout may load more).
 */
async function auditEveryWay(
  page: Page,
  view: string,
  ready: () => Promise<unknown>,
  fullPage = true,
  screenshots: boolean | 'copy' = true,
): Promise<string[]> {
  const found: string[] = [];
  for (const theme of THEMES)
    for (const width of WIDTHS) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      await page.setViewport({ width, height: 900 });
      await ready();
      for (const v of await axeViolations(page))
        found.push(
          `${view} ${theme} ${width}px: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`,
        );
      if (screenshots === 'copy') await savePngOfCopy(page, `${view}-${theme}-${width}`, { width, theme });
      else if (screenshots) await savePng(page, `${view}-${theme}-${width}`, fullPage);
    }
  return found;
}

const waitFor = (page: Page, selector: string) => page.waitForSelector(selector, { timeout: 15_000 });

describe('axe-core finds no violations in any view, light and dark, 400 and 800 px, proxy running', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let panel: Page;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
    panel = await session.open('sidepanel.html');
    await waitFor(panel, '[data-testid=connection][data-state=connected]');
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('the overview: usage bar and chart, the eight cards, the biggest causes', async () => {
    await panel.bringToFront();
    await panel.click('[data-testid=tab-overview]');
    const ready = async () => {
      await waitFor(panel, '[data-testid=card-other]');
      await waitFor(panel, '[data-testid=usage-chart]');
      await waitFor(panel, '[aria-labelledby=groups-title] li');
    };
    expect(await auditEveryWay(panel, 'overview', ready)).toEqual([]);
  });

  it('a category table, with one row opened to its details', async () => {
    await panel.bringToFront();
    await panel.click('[data-testid=tab-overview]');
    await waitFor(panel, '[data-testid=card-custom-code]');
    await panel.click('[data-testid=card-custom-code]');
    await waitFor(panel, '[data-testid=error-table][aria-busy=false]');
    await panel.click('[data-testid=error-row] [data-testid=row-details]');
    await waitFor(panel, '.steps-row:not([hidden])');
    const ready = () => waitFor(panel, '[data-testid=error-table][aria-busy=false]');
    expect(await auditEveryWay(panel, 'category', ready)).toEqual([]);
  });

  it('this record, with no record page in the active tab', async () => {
    // (With a record page in front, the panel is a background tab, where axe.run never settles; that
    // state is checked by record-page.spec for content, not by axe here.)
    await panel.bringToFront();
    await panel.click('[data-testid=tab-record]');
    const ready = () => waitFor(panel, 'section.record');
    expect(await auditEveryWay(panel, 'record', ready)).toEqual([]);
  });

  it('settings: notifications, accounts, proxy and pairing', async () => {
    await panel.bringToFront();
    await panel.click('[data-testid=tab-settings]');
    const ready = async () => {
      await waitFor(panel, '[data-testid=notification-form] input[name=enabled]');
      await waitFor(panel, '[data-testid=accounts-mode]');
    };
    expect(await auditEveryWay(panel, 'settings', ready)).toEqual([]);
  });
});

describe('axe-core finds no violations with the proxy stopped: cached views, dimmed, read-only', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let panel: Page;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
    panel = await session.open('sidepanel.html');
    // Seen once while the proxy ran, so that the panel has them cached.
    await waitFor(panel, '[data-testid=usage-chart]');
    await waitFor(panel, '[aria-labelledby=groups-title] li');
    await panel.click('[data-testid=card-custom-code]');
    await waitFor(panel, '[data-testid=error-table][aria-busy=false]');
    await panel.click('[data-testid=tab-settings]');
    await waitFor(panel, '[data-testid=notification-form] input[name=enabled]');
    await waitFor(panel, '[data-testid=accounts-mode]');
    await proxy.close();
    await panel.reload();
    await waitFor(panel, '[data-testid=connection][data-state=unreachable]');
  });
  afterAll(async () => {
    await session?.close();
  });

  it.each([
    ['overview', null, '[data-testid=usage-chart]'],
    ['category', '[data-testid=card-custom-code]', '[data-testid=page-stale]'],
    ['record', '[data-testid=tab-record]', 'section.record'],
    ['settings', '[data-testid=tab-settings]', '[data-testid=notification-form][data-readonly=true]'],
  ])('the %s view', async (view, open, shown) => {
    await panel.click('[data-testid=tab-overview]');
    await waitFor(panel, '[data-testid=card-custom-code]');
    if (open) await panel.click(open);
    const found = await auditEveryWay(panel, `offline-${view}`, () => waitFor(panel, shown));
    expect(found).toEqual([]);
  });
});

describe('axe-core finds no violations on This record with a record shown, light and dark, 400 and 800 px', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  let panel: Page;
  let app: Page;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
    // The panel in a window of its own, beside the browser window where the record pages open: it is
    // the front tab of its window, so it paints and axe.run settles (in a background tab it never does),
    // while the record page stays the active tab the panel follows, as a real side panel beside it.
    panel = await session.browser.newPage({ type: 'window' });
    await panel.goto(`chrome-extension://${session.extensionId}/sidepanel.html`);
    await waitFor(panel, '[data-testid=connection][data-state=connected]');
    await panel.click('[data-testid=tab-record]');
    app = await session.browser.newPage();
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  // The panel's window is not in front: its screenshots are taken of a copy (savePngOfCopy).
  const NO_SCREENSHOTS = 'copy';

  /** Opens `url` in the browser window's tab and waits until the panel shows that record in `state`. */
  async function showRecord(url: string, state: string): Promise<void> {
    await app.goto(url);
    await app.bringToFront();
    await waitFor(panel, `[data-testid=record-view][data-state=${state}]`);
  }

  it('a HubSpot contact with open errors: its errors, their fixes and the resync button', async () => {
    const failing = (
      await proxy.store.listErrors({ category: 'custom-code', object: 'contacts' }, { limit: 1 })
    ).items[0]!;
    const portal = proxy.sandboxes.hubspot.portalId;
    await showRecord(
      `${proxy.url}/sandbox/hubspot/contacts/${portal}/record/0-1/${failing.crmId}`,
      'failing',
    );
    expect(await panel.$$eval('[data-testid=record-error]', (els) => els.length)).toBeGreaterThan(0);
    const ready = () =>
      waitFor(panel, '[data-testid=record-view][data-state=failing] [data-testid=record-error]');
    expect(await auditEveryWay(panel, 'record-hubspot-failing', ready, false, NO_SCREENSHOTS)).toEqual([]);
  });

  it('a synced Salesforce contact: in sync, with the link back to HubSpot', async () => {
    const res = await fetch(`${proxy.url}/sandbox/hubspot/crm/v3/objects/contacts?limit=100`, {
      headers: { authorization: `Bearer ${proxy.sandboxes.hubspot.accessToken}` },
    });
    const contacts = ((await res.json()) as { results: { id: string }[] }).results;
    const lookups = await Promise.all(
      contacts.map((c) => proxy.store.recordLookup('hubspot', 'contacts', c.id)),
    );
    const link = lookups.find((r) => r.synced && r.openErrors.length === 0)?.link;
    expect(link?.sfId).toBeTruthy();
    await showRecord(`${proxy.url}/sandbox/salesforce/lightning/r/Contact/${link!.sfId}/view`, 'synced');
    const ready = () =>
      waitFor(panel, '[data-testid=record-view][data-state=synced] [data-testid=other-side-link]');
    expect(await auditEveryWay(panel, 'record-salesforce-synced', ready, false, NO_SCREENSHOTS)).toEqual([]);
  });

  it('a HubSpot contact the sync has not seen yet: not linked, no copy to open', async () => {
    const crmId = proxy.sandboxes.hubspot.control.createRecord('contacts', {
      firstname: 'Nora',
      lastname: 'Unlinked',
      email: 'nora@unlinked.example',
    });
    const portal = proxy.sandboxes.hubspot.portalId;
    await showRecord(`${proxy.url}/sandbox/hubspot/contacts/${portal}/record/0-1/${crmId}`, 'unknown');
    const ready = () => waitFor(panel, '[data-testid=record-view][data-state=unknown]');
    expect(await auditEveryWay(panel, 'record-hubspot-not-linked', ready, false, NO_SCREENSHOTS)).toEqual([]);
  });

  it('a Salesforce Lead the sync created from a HubSpot contact: in sync', async () => {
    await proxy.store.setRecordRules({ contactsCreateAs: 'Lead' });
    const crmId = proxy.sandboxes.hubspot.control.createRecord('contacts', {
      firstname: 'Lena',
      lastname: 'Leadpage',
      email: 'lena@leadpage.example',
      company: 'Leadpage Ltd',
    });
    await proxy.engine.runOnce();
    const leadId = (await proxy.store.link('contacts', crmId))?.sfId;
    expect(leadId?.startsWith('00Q')).toBe(true);
    await showRecord(`${proxy.url}/sandbox/salesforce/lightning/r/Lead/${leadId}/view`, 'synced');
    const ready = () =>
      waitFor(panel, '[data-testid=record-view][data-state=synced] [data-testid=other-side-link]');
    expect(await auditEveryWay(panel, 'record-salesforce-lead', ready, false, NO_SCREENSHOTS)).toEqual([]);
  });
});

describe('axe-core finds no violations on the error table with a selection and on its page 2', () => {
  const env = setupFile();
  let panel: Page;
  beforeAll(async () => {
    // 55 more Lead Source errors: the picklists table runs to a second page.
    for (let i = 0; i < 55; i++)
      env.proxy.sandboxes.hubspot.control.createRecord('contacts', {
        firstname: `Listener${i}`,
        lastname: 'Podcaster',
        email: `listener${i}@podcast.example`,
        leadsource: 'Podcast',
      });
    await env.proxy.engine.runOnce();
    panel = await env.session.open('sidepanel.html');
    await waitFor(panel, '[data-testid=connection][data-state=connected]');
    await panel.click('[data-testid=card-picklists]');
    await waitFor(panel, '[data-testid=error-table][aria-busy=false]');
  });

  it('page 1 with two errors selected: the selection bar and Resync selected enabled', async () => {
    await panel.bringToFront();
    const boxes = await panel.$$('[data-testid=error-row] input[type=checkbox]');
    for (const box of boxes.slice(0, 2)) await box.click();
    const ready = () => waitFor(panel, '[data-testid=error-table][aria-busy=false]');
    expect(await auditEveryWay(panel, 'category-selected', ready)).toEqual([]);
  });

  it('page 2 of the same table', async () => {
    await panel.bringToFront();
    await panel.click('[data-testid=next-page]');
    await panel.waitForFunction(() => document.querySelector('.pager span')?.textContent === 'Page 2', {
      polling: 100,
      timeout: 15_000,
    });
    const ready = () => waitFor(panel, '[data-testid=error-table][aria-busy=false]');
    expect(await auditEveryWay(panel, 'category-page-2', ready)).toEqual([]);
  });
});

describe('axe-core finds no violations on the first-run pairing screen', () => {
  let session: ExtensionSession;
  afterAll(async () => {
    await session?.close();
  });

  it('asks for the proxy address and its pairing token', async () => {
    session = await launchWithExtension();
    const panel = await session.open('sidepanel.html');
    const ready = () => waitFor(panel, '[data-testid=first-run] input[name=token]');
    expect(await auditEveryWay(panel, 'pairing', ready)).toEqual([]);
  });
});

describe('axe-core finds no violations on the preview of the first sync (an org that already holds the same people)', () => {
  let env: Awaited<ReturnType<typeof startPreviewSession>>;
  beforeAll(async () => {
    env = await startPreviewSession({ freshOrg: true }, async (running) => {
      expect((await apiOf(running.proxy)('/setup/apply', { method: 'POST', body: {} })).status).toBe(200);
      await running.sync.engine.runOnce(); // held: it waits for the admin to accept the preview
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('Settings → Preview with its table: what will be linked, created, and the calls it costs', async () => {
    const panel = await openPreview(env.session);
    const ready = () => waitFor(panel, '[data-testid=preview-table] tbody tr');
    expect(await auditEveryWay(panel, 'preview', ready)).toEqual([]);
  });
});
