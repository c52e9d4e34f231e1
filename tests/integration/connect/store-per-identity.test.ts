import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConnectedProxy } from '../../../proxy/runtime/connected-runtime';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { type Store, testDatabase } from '../../../proxy/store/index';
import { apiOf, captureConsole, signInLikeAUser, startOrgHost } from './connect-harness';

type OrgHost = Awaited<ReturnType<typeof startOrgHost>>;
type Api = ReturnType<typeof apiOf>;

const linkCount = (store: Store) =>
  (testDatabase(store).prepare('SELECT COUNT(*) AS n FROM links').get() as { n: number }).n;

/** Connects both accounts through the routes the side panel uses (from a sandbox-mode proxy). */
async function connectBoth(api: Api, org: OrgHost) {
  const res = await api('/connections/salesforce/authorize', {
    method: 'POST',
    body: { loginUrl: org.loginUrl, clientId: org.clientId },
  });
  expect((await signInLikeAUser(res.json.authorizeUrl)).status).toBe(200);
  const hubspot = await api('/connections/hubspot', {
    method: 'POST',
    body: { token: org.hubspotToken, baseUrl: org.hubspotUrl },
  });
  expect(hubspot.status).toBe(200);
}

/** GET /status as the paired panel asks it: whose store it is goes to token holders only. */
const status = async (proxy: { url: string; token: string }) =>
  (await fetch(`${proxy.url}/api/v1/status`, { headers: { authorization: `Bearer ${proxy.token}` } })).json();

describe('One store per identity', () => {
  let org: OrgHost;
  let logs: ReturnType<typeof captureConsole>;
  const dirs: string[] = [];
  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sh-identity-'));
    dirs.push(d);
    return d;
  };

  beforeAll(() => {
    logs = captureConsole();
  });
  // Each test signs in to an org and portal of its own: no test sees another's writes.
  beforeEach(async () => {
    org = await startOrgHost();
  });
  afterEach(async () => {
    await org.close();
  });
  afterAll(() => {
    logs.restore();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('keeps the sandbox and the connected pair apart across a sandbox → connected → sandbox switch', async () => {
    const dataDir = newDir();
    const sandbox = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    const sandboxRun = await sandbox.sync.engine.runOnce();
    expect(sandboxRun.processed).toBeGreaterThan(100);
    const sandboxApi = apiOf(sandbox.proxy);
    const sandboxErrors = (await sandboxApi('/health/summary')).json.totalOpenErrors;
    const sandboxLinks = linkCount(sandbox.sync.store);
    expect(sandboxErrors).toBeGreaterThan(0);
    expect(await status(sandbox.proxy)).toMatchObject({
      identity: { kind: 'sandbox', key: 'sandbox', label: 'Sandbox' },
    });
    await connectBoth(sandboxApi, org);
    await sandbox.close();

    // Connected: a clean store of its own, so its first run does the whole first sync.
    const connected = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    const running = connected.sync();
    if (!running) throw new Error('the connected sync did not start');
    // A newly connected pair writes once its preview is accepted (the sandbox needs none).
    await running.engine.acceptPreview();
    const connectedRun = await running.engine.runOnce();
    expect(connectedRun.processed).toBe(sandboxRun.processed);
    const portalId = org.host.sandboxes.hubspot.portalId;
    const identity = (await status(connected.proxy)).identity;
    expect(identity).toMatchObject({ kind: 'connected', portalId });
    expect(identity.label).toContain(`HubSpot portal ${portalId}`);
    // The org's name is read once at start (Organization.Name) and then named instead of its id.
    let named = identity;
    for (let i = 0; i < 100 && !named.orgName; i++) {
      await new Promise((r) => setTimeout(r, 20));
      named = (await status(connected.proxy)).identity;
    }
    expect(named).toMatchObject({ key: identity.key, orgName: 'Sync Health Demo Org' });
    expect(named.label).toBe(`Sync Health Demo Org · HubSpot portal ${portalId}`);
    org.host.sandboxes.hubspot.control.createRecord('contacts', {
      email: 'only.connected@example.com',
      firstname: 'Only',
      lastname: 'Connected',
    });
    await running.engine.runOnce();
    const connectedLinks = linkCount(running.store);
    expect(connectedLinks).toBe(sandboxLinks + 1);
    await connected.close();
    expect(existsSync(join(dataDir, 'stores', identity.key, 'sync.db'))).toBe(true);

    // Back to the sandbox: its own links and errors, untouched by the connected runs.
    const again = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    expect(linkCount(again.sync.store)).toBe(sandboxLinks);
    expect((await apiOf(again.proxy)('/health/summary')).json.totalOpenErrors).toBe(sandboxErrors);
    expect((await again.sync.engine.runOnce()).processed).toBe(0);
    await again.close();
  });

  it("moves an old-layout sync.db to the sandbox's folder when the sandbox ran there, and the connected pair starts clean", async () => {
    const dataDir = newDir();
    const sandbox = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    await sandbox.sync.engine.runOnce();
    const links = linkCount(sandbox.sync.store);
    await connectBoth(apiOf(sandbox.proxy), org);
    await sandbox.close();
    // Today's layout: one sync.db at the top of the data folder.
    renameSync(join(dataDir, 'stores', 'sandbox', 'sync.db'), join(dataDir, 'sync.db'));
    rmSync(join(dataDir, 'stores'), { recursive: true });

    const connected = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    expect(existsSync(join(dataDir, 'sync.db'))).toBe(false);
    expect(existsSync(join(dataDir, 'stores', 'sandbox', 'sync.db'))).toBe(true);
    const running = connected.sync();
    if (!running) throw new Error('the connected sync did not start');
    expect(linkCount(running.store)).toBe(0);
    await running.engine.acceptPreview();
    expect((await running.engine.runOnce()).processed).toBeGreaterThan(100);
    await connected.close();

    const back = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    expect(linkCount(back.sync.store)).toBe(links);
    await back.close();
  });

  it('moves an old-layout sync.db to the connected pair when only the connected sync ever ran in that folder', async () => {
    const setupDir = newDir();
    const sandbox = await startSandboxProxy({ port: 0, dataDir: setupDir, autoStart: false });
    await connectBoth(apiOf(sandbox.proxy), org);
    await sandbox.close();
    // A folder holding only the connections and an old-layout store of the connected sync.
    const dataDir = newDir();
    renameSync(join(setupDir, 'connections'), join(dataDir, 'connections'));
    const first = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    const firstSync = first.sync();
    if (!firstSync) throw new Error('the connected sync did not start');
    await firstSync.engine.runOnce();
    const links = linkCount(firstSync.store);
    const key = firstSync.identity.key;
    await first.close();
    renameSync(join(dataDir, 'stores', key, 'sync.db'), join(dataDir, 'sync.db'));
    rmSync(join(dataDir, 'stores'), { recursive: true });

    const second = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    const secondSync = second.sync();
    if (!secondSync) throw new Error('the connected sync did not start');
    expect(linkCount(secondSync.store)).toBe(links);
    expect(existsSync(join(dataDir, 'stores', 'sandbox'))).toBe(false);
    await second.close();
  });
});
