import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../proxy/runtime/sandbox-runtime';
import { type ExtensionSession, launchWithExtension } from './fixture';
import { PanelOverview } from './pages/panel-overview';
import { PanelSetup } from './pages/panel-setup';

describe('an org on day one: the panel names what is missing and creates it', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxProxy>>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sync-health-e2e-setup-'));
    proxy = await startSandboxProxy({ port: 0, dataDir, autoStart: false, freshOrg: true });
    session = await launchWithExtension();
    await session.pair(proxy.proxy.url, proxy.proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows whose data it is, lists the missing fields with their fixes, creates them, and then the sync writes', async () => {
    const panel = await PanelOverview.open(session);
    await panel.connection('connected');
    await panel.page.waitForSelector('[data-testid=identity]', { timeout: 15_000 });
    expect(await panel.page.$eval('[data-testid=identity]', (el) => el.textContent)).toBe(
      'Sandbox (fresh org)',
    );

    const setup = await new PanelSetup(panel.page).open();
    expect(await setup.problems()).toEqual([
      'external-id:Account.HubSpot_Id__c',
      'external-id:Contact.HubSpot_Id__c',
      'external-id:Opportunity.HubSpot_Id__c',
      'mapped-field:Account.Customer_Tier__c',
      'salesforce-id-property:companies',
      'salesforce-id-property:contacts',
      'salesforce-id-property:deals',
    ]);
    expect(await setup.planned()).toContain(
      'Create the Contact field "HubSpot Id" (API name HubSpot_Id__c): Text (32 characters), External ID, unique',
    );
    await panel.shot('setup-checklist');

    const results = await setup.createMissingFields();
    expect(results).toHaveLength(9);
    expect(results.every((r) => ['created', 'assigned'].includes(r.outcome))).toBe(true);
    expect(await setup.ready()).toMatch(/Ready: all \d+ checks pass/);
    await panel.shot('setup-done');

    // The fresh org stands for an admin's own pair: its first sync waits for the preview (preview.spec).
    await proxy.sync.engine.acceptPreview();
    const run = await proxy.sync.engine.runOnce();
    expect(run.state).toEqual({ state: 'running' });
    expect(run.processed).toBeGreaterThan(0);
  });
});
