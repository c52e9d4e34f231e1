import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../proxy/app';
import { createSettingsRoutes } from '../../../proxy/routes/settings';
import type { HeadroomAnswer } from '../../../shared/api/control';
import { type Harness, startHarness } from './sync-harness';

const DAY = 24 * 3_600_000;
const TOKEN = 'headroom-test-token';

/** The harness's engine and store behind the real health API (settings routes), served over HTTP. */
async function serveSettings(h: Harness) {
  let port = 0;
  const app = createApp({
    version: 'test',
    pairingToken: TOKEN,
    port: () => port,
    apiRoutes: (api) =>
      api.route(
        '/',
        createSettingsRoutes({
          sync: () => ({
            engine: h.engine,
            store: h.store,
            crm: undefined as never,
            links: { instanceUrl: h.instanceUrl, crmUiBaseUrl: h.hubspotUrl, portalId: '1' },
          }),
          now: () => h.clock.now,
        }),
      ),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
  return {
    async putHeadroom(body: unknown) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/settings/headroom`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as HeadroomAnswer & { error?: { message: string } },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** The embedded org's control API, over HTTP with its token, as another integration's usage would show. */
async function orgControl(h: Harness, path: string, body?: unknown) {
  const res = await fetch(`${h.instanceUrl}/_control${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${h.sf.controlToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as { used: number; limit: number };
}

/** Other integrations spend until the org has `leftPercent`% of its daily limit left. */
async function othersSpendUntil(h: Harness, leftPercent: number) {
  const { used, limit } = await orgControl(h, '/api-usage');
  await orgControl(h, '/api-usage', { calls: Math.ceil(limit * (1 - leftPercent / 100)) - used });
}

describe('the headroom left to other integrations', () => {
  let h: Harness;
  let api: Awaited<ReturnType<typeof serveSettings>>;
  afterEach(async () => {
    await api.close();
    await h.close();
  });

  async function syncedPairWithHeadroom(percent: number) {
    h = await startHarness();
    api = await serveSettings(h);
    expect((await h.engine.runOnce()).state).toEqual({ state: 'running' });
    const saved = await api.putHeadroom({ headroomPercent: percent });
    expect(saved.status).toBe(200);
    const account = h.sf.control.records('Account').find((r) => r.HubSpot_Id__c);
    if (!account) throw new Error('the first sync linked no Account');
    return { crmId: String(account.HubSpot_Id__c), accountId: String(account.Id) };
  }

  /** A run with nothing to write: its Salesforce answers carry the org's usage, so the sync sees it. */
  async function letTheSyncSeeTheOrgUsage() {
    h.clock.advance(61 * 60_000);
    await h.engine.runOnce();
    expect((await h.store.orgUsage())?.seenAt).toBe(h.clock.now);
  }

  const billingCity = (accountId: string) =>
    h.sf.control.records('Account').find((r) => r.Id === accountId)?.BillingCity;

  it('pauses with the reason and writes nothing when the org is below the share, and resumes when the share is lowered', async () => {
    const { crmId, accountId } = await syncedPairWithHeadroom(10);
    await othersSpendUntil(h, 9);
    await letTheSyncSeeTheOrgUsage();

    h.hs.control.updateRecord('companies', crmId, { city: 'Lisbon' });
    const writesBefore = h.sf.stats().writes;
    const held = await h.engine.runOnce();
    expect(held.state).toMatchObject({
      state: 'paused',
      cause: 'headroom',
      reason: expect.stringMatching(
        /^The org has 9% of its daily limit left \([\d,]+ of [\d,]+ calls\) and you asked to leave 10% to other integrations/,
      ),
    });
    expect(h.sf.stats().writes).toBe(writesBefore);
    expect(billingCity(accountId)).not.toBe('Lisbon');
    expect((await h.store.summary()).queueSize).toBeGreaterThan(0);

    // Held runs spend nothing until the reading is old enough to be read again.
    const requests = h.sf.stats().requests;
    await h.engine.runOnce();
    expect(h.sf.stats().requests).toBe(requests);

    const lowered = await api.putHeadroom({ headroomPercent: 5 });
    expect(lowered.status).toBe(200);
    expect(lowered.body.message).toMatch(/less than 5% of its daily limit left/);
    const resumed = await h.engine.runOnce();
    expect(resumed.state).toEqual({ state: 'running' });
    expect(billingCity(accountId)).toBe('Lisbon');
    expect((await h.store.summary()).queueSize).toBe(0);
  });

  it('resumes by itself when the org usage drops out of the rolling day', async () => {
    const { crmId, accountId } = await syncedPairWithHeadroom(20);
    await othersSpendUntil(h, 15);
    await letTheSyncSeeTheOrgUsage();
    h.hs.control.updateRecord('companies', crmId, { city: 'Porto' });
    expect((await h.engine.runOnce()).state).toMatchObject({ state: 'paused' });
    expect(billingCity(accountId)).not.toBe('Porto');

    h.clock.advance(DAY + 1);
    const resumed = await h.engine.runOnce();
    expect(resumed.state).toEqual({ state: 'running' });
    expect(billingCity(accountId)).toBe('Porto');
  });

  it('answers 400 naming the field for a share above 90% and keeps the saved one', async () => {
    await syncedPairWithHeadroom(10);
    const refused = await api.putHeadroom({ headroomPercent: 95 });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toBe(
      'Invalid body: "headroomPercent" must be at most 90: the sync needs some of the limit to run.',
    );
    expect((await h.store.settings()).headroomPercent).toBe(10);
  });
});
