import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../proxy/runtime/sandbox-runtime';
import { overlapExpectation } from '../../proxy/sandbox/fresh-org';
import { apiOf } from '../integration/connect/connect-harness';
import { type ExtensionSession, launchWithExtension } from './fixture';
import { PanelOverview } from './pages/panel-overview';

type Proxy = Awaited<ReturnType<typeof startSandboxProxy>>;

/** The preview table by object: its column's texts, in the order of the rows (create, link, update, …). */
async function columns(panel: PanelOverview): Promise<Record<string, string[]>> {
  const objects = await panel.page.$$eval('[data-testid=preview-table] thead th', (ths) =>
    ths.map((th) => th.getAttribute('data-object') ?? ''),
  );
  const cells = await panel.page.$$eval('[data-testid=preview-table] tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
  return Object.fromEntries(objects.map((o, k) => [o, cells.map((row) => row[k])]));
}

describe('the first sync of an org that already holds the same people: preview, accept, no twins', () => {
  let session: ExtensionSession;
  let proxy: Proxy;
  let dataDir: string;
  const expected = overlapExpectation();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sync-health-e2e-preview-'));
    proxy = await startSandboxProxy({ port: 0, dataDir, autoStart: false, freshOrg: true });
    // The fields the sync needs come first (setup.spec shows that part in the panel).
    const apply = await apiOf(proxy.proxy)('/setup/apply', { method: 'POST', body: {} });
    expect(apply.status).toBe(200);
    session = await launchWithExtension();
    await session.pair(proxy.proxy.url, proxy.proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows what will be linked, created and what it costs, writes nothing until accepted, then links instead of duplicating', async () => {
    const org = proxy.sandboxes.salesforce.control;
    const portal = proxy.sandboxes.hubspot.control;
    const crmCount = async (type: 'companies' | 'contacts') => {
      let n = 0;
      for (let since = null as Parameters<typeof proxy.sync.crm.changedSince>[1]; ; ) {
        const page = await proxy.sync.crm.changedSince(type, since, ['name'], 100);
        n += page.records.filter((r) => !r.archived).length;
        if (!page.next || page.records.length < 100) return n;
        since = page.next;
      }
    };
    const count = async () => ({
      accounts: org.records('Account').length,
      contacts: org.records('Contact').length,
      companies: await crmCount('companies'),
      crmContacts: await crmCount('contacts'),
      salesforceWrites: proxy.sandboxes.salesforce.stats().writes,
      crmWrites: portal.stats().writes,
    });
    const before = await count();

    // Held: the first run writes nothing before the admin accepts.
    const held = await proxy.sync.engine.runOnce();
    expect(held.state).toMatchObject({ state: 'suspended', id: 'awaiting-preview' });

    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.page.click('[data-testid=tab-settings]');
    await panel.page.waitForSelector('[data-testid=preview-run]');
    await panel.page.click('[data-testid=preview-run]');
    await panel.page.waitForSelector('[data-testid=preview-table] tbody tr', { timeout: 20_000 });

    const table = await columns(panel);
    // Columns: create, link by match, update, ambiguous, will fail, calls.
    const { companies, contacts } = expected;
    expect(table.companies.slice(0, 4)).toEqual([
      String(companies.crmOnly),
      String(companies.byDomain + companies.byName),
      '0',
      '0',
    ]);
    expect(table.contacts.slice(0, 4)).toEqual([
      String(contacts.crmOnly),
      String(contacts.byEmail),
      '0',
      String(contacts.ambiguous.length),
    ]);
    const summary = await panel.page.$eval('[data-testid=preview-summary]', (el) => el.textContent ?? '');
    expect(summary).toMatch(/About \d+ Salesforce calls/);
    const ambiguous = await panel.page.$$eval('[data-testid=preview-ambiguous] li', (lis) =>
      lis.map((li) => li.textContent ?? ''),
    );
    expect(ambiguous).toHaveLength(contacts.ambiguous.length);
    for (const a of contacts.ambiguous) expect(ambiguous.join('\n')).toContain(a.email);
    // The preview read both sides and wrote to neither.
    expect(await count()).toEqual(before);

    await shots(panel, 'preview');

    await panel.page.click('[data-testid=accept-preview]');
    await panel.page.waitForFunction(
      () => document.querySelector('[data-testid=preview-note]')?.textContent?.includes('Accepted'),
      { polling: 100, timeout: 10_000 },
    );
    expect(await panel.page.$('[data-testid=accept-preview]')).toBeNull();

    const run = await proxy.sync.engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    const after = await count();
    // Only the CRM-only records are new in Salesforce: every shared one was linked, none twinned.
    expect(after.accounts).toBe(before.accounts + companies.crmOnly);
    expect(after.contacts).toBe(before.contacts + contacts.crmOnly);
    expect(after.companies).toBe(before.companies);
    expect(after.crmContacts).toBe(before.crmContacts);
    const emails = org.records('Contact').map((c) => String(c.Email).toLowerCase());
    const twice = emails.filter((e, i) => emails.indexOf(e) !== i);
    expect(twice.sort()).toEqual(contacts.ambiguous.map((a) => a.email).sort());
  });
});

/** With E2E_SCREENSHOTS=DIR: the panel at 400 and 800 px wide, light and dark. */
async function shots(panel: PanelOverview, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const width of [400, 800])
    for (const theme of ['light', 'dark'] as const) {
      await panel.page.setViewport({ width, height: 900 });
      await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
      const section = await panel.page.$('[data-testid=preview]');
      await section?.screenshot({ path: join(dir, `${name}-${width}-${theme}.png`) });
    }
  await panel.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}
