import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionManager } from '../../../proxy/connect/connection-manager';
import { createCredentialStore } from '../../../proxy/connect/credential-store';
import { checkHubspotToken } from '../../../proxy/connect/hubspot-check';
import { startConnectedProxy } from '../../../proxy/runtime/connected-runtime';
import { createHubspotSandbox } from '../../../proxy/sandbox/hubspot/index';
import { createTokenInfoRoutes } from '../../../proxy/sandbox/hubspot/token-info-routes';
import { HUBSPOT_REQUIRED_SCOPES } from '../../../shared/api/connections';
import { apiOf, startOrgHost } from './connect-harness';

describe('Connecting HubSpot with a private app token', () => {
  let org: Awaited<ReturnType<typeof startOrgHost>>;
  beforeAll(async () => {
    org = await startOrgHost();
  });
  afterAll(async () => {
    await org.close();
  });

  it('names every scope the private app lacks', async () => {
    // The embedded portal, with a private app granted the contact scopes only.
    const portal = createHubspotSandbox({ basePath: '' });
    const app = new Hono();
    const contactsOnly = HUBSPOT_REQUIRED_SCOPES.filter((s) => s.includes('contacts'));
    app.route(
      '/',
      createTokenInfoRoutes({
        accessToken: () => portal.accessToken,
        portalId: portal.portalId,
        scopes: contactsOnly,
      }),
    );
    app.route('/', portal.app);
    const server = await new Promise<ReturnType<typeof serve>>((done) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const err = await checkHubspotToken(portal.accessToken, url).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const message = (err as Error).message;
      for (const missing of ['crm.objects.companies.write', 'crm.objects.deals.read', 'crm.lists.write']) {
        expect(message).toContain(missing);
      }
      expect(message).not.toContain('crm.objects.contacts.read');
      expect(message).not.toContain(portal.accessToken);
    } finally {
      server.close();
    }
  });

  it('shows the portal id and the granted scopes of a good token', async () => {
    const facts = await checkHubspotToken(org.hubspotToken, org.hubspotUrl);
    expect(facts.portalId).toBe('4815162');
    expect(facts.missingScopes).toEqual([]);
    expect(facts.scopes).toEqual(expect.arrayContaining([...HUBSPOT_REQUIRED_SCOPES]));
  });

  it('suspends the sync with a reconnect action when the HubSpot token stops working, and resumes on a new one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sh-hs-revoked-'));
    const manager = createConnectionManager({ dataDir, origin: () => 'http://127.0.0.1:1' });
    await manager.connectHubspot(org.hubspotToken, org.hubspotUrl);
    const sfSession = org.host.sandboxes.salesforce.issueSession();
    await manager.connectToken(org.loginUrl, sfSession.accessToken);
    // The private app's token is rotated in HubSpot: the one kept here no longer works.
    const store = createCredentialStore(dataDir);
    const kept = store.read('hubspot');
    store.write('hubspot', { ...(kept as NonNullable<typeof kept>), token: 'pat-na1-rotated-away' });
    const proxy = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    // A connected pair writes nothing before its preview is accepted (sync/preview.ts).
    await proxy.sync()?.engine.acceptPreview();
    const api = apiOf(proxy.proxy);
    try {
      const engine = proxy.sync()?.engine;
      if (!engine) throw new Error('the connected sync did not start');
      const run = await engine.runOnce();
      expect(run.state).toMatchObject({ state: 'suspended', id: 'credentials' });
      expect((run.state as { action: string }).action).toMatch(/Reconnect HubSpot/);
      expect((await api('/health/summary')).json.totalOpenErrors).toBe(0);
      expect((await api('/connections')).json.reconnect).toBe(true);

      const pasted = await api('/connections/hubspot', {
        method: 'POST',
        body: { token: org.hubspotToken, baseUrl: org.hubspotUrl },
      });
      expect(pasted.json).toMatchObject({ connected: true, portalId: '4815162' });
      expect(pasted.text).not.toContain(org.hubspotToken);
      await proxy.settled();
      expect((await proxy.sync()?.engine.runOnce())?.state).toEqual({ state: 'running' });
    } finally {
      await proxy.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses an empty token naming the field', async () => {
    const res = await apiOf(org.host.proxy)('/connections/hubspot', {
      method: 'POST',
      body: { token: '  ' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('token');
  });
});
