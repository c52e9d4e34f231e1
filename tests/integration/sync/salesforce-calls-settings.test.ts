import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../proxy/app';
import { createSettingsRoutes } from '../../../proxy/routes/settings';
import { createSyncRoutes } from '../../../proxy/routes/sync';
import type { SalesforceCallsAnswer, SyncStatusAnswer } from '../../../shared/api/control';
import { salesforceChangesLine } from '../../../shared/api/sync-state';
import { type Harness, startHarness } from './sync-harness';

const TOKEN = 'salesforce-calls-test-token';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The harness's engine and store behind the real settings routes, served over HTTP. */
async function serveSettings(h: Harness) {
  let port = 0;
  const app = createApp({
    version: 'test',
    pairingToken: TOKEN,
    port: () => port,
    apiRoutes: (api) => {
      const deps = {
        sync: () => ({
          engine: h.engine,
          store: h.store,
          crm: undefined as never,
          links: { instanceUrl: h.instanceUrl, crmUiBaseUrl: h.hubspotUrl, portalId: '1' },
        }),
        now: () => h.clock.now,
      };
      api.route('/', createSettingsRoutes(deps));
      api.route('/', createSyncRoutes(deps));
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
  const call = async (method: 'GET' | 'PUT', body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/settings/salesforce-calls`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as SalesforceCallsAnswer & { error?: { message: string } },
    };
  };
  return {
    status: async () =>
      (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/sync/status`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).json()) as SyncStatusAnswer,
    get: () => call('GET'),
    put: (body: unknown) => call('PUT', body),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * Runs the engine once a `step` for `span` of simulated time; the calls the org charged meanwhile against
 * its daily limit (a request refused for an expired session, which jsforce then refreshes, is not charged).
 */
async function idle(h: Harness, span: number, step: number): Promise<number> {
  const before = h.sf.stats().charged;
  for (let t = 0; t < span; t += step) {
    h.clock.advance(step);
    await h.engine.runOnce();
  }
  return h.sf.stats().charged - before;
}

async function firstSync(h: Harness) {
  for (let i = 0; i < 10; i++) {
    const run = await h.engine.runOnce();
    if (run.processed === 0 && (await h.store.summary()).queueSize === 0) break;
    h.clock.advance(MINUTE);
  }
}

describe('the Salesforce calls settings', () => {
  let h: Harness;
  let api: Awaited<ReturnType<typeof serveSettings>>;
  afterEach(async () => {
    await api.close();
    await h.close();
  });

  it('answers the defaults in words: bulk above 2,000 records, checks every 1–15 minutes, live records every 6 hours', async () => {
    h = await startHarness();
    api = await serveSettings(h);
    const { status, body } = await api.get();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      bulkThreshold: 2000,
      pollFloorMinutes: 1,
      pollCeilingMinutes: 15,
      safetyPollHours: 6,
      copyExistingToCrm: false,
    });
    expect(body.message).toBe(
      'More than 2,000 records of one kind are sent in bulk; Salesforce is checked for changes every 1–15 minutes (more often right after a change), or every 6 hours for records whose changes arrive live. The first sync leaves the records only Salesforce holds where they are.',
    );
  });

  it('turns on the copy of existing Salesforce records to HubSpot on the first sync, and says so', async () => {
    h = await startHarness();
    api = await serveSettings(h);
    const saved = await api.put({ copyExistingToCrm: true });
    expect(saved.status).toBe(200);
    expect(saved.body.copyExistingToCrm).toBe(true);
    expect(saved.body.message).toContain(
      'The first sync copies the records Salesforce already holds to HubSpot.',
    );
    expect((await h.store.settings()).copyExistingToCrm).toBe(true);
    const refused = await api.put({ copyExistingToCrm: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/"copyExistingToCrm" must be true or false/);
  });

  it.each([
    [{ bulkThreshold: 50 }, /"bulkThreshold" must be at least 200/],
    [{ pollFloorMinutes: 0 }, /"pollFloorMinutes" must be at least 1/],
    [{ pollCeilingMinutes: 1.5 }, /"pollCeilingMinutes" must be a whole number of minutes/],
    [{ safetyPollHours: 100 }, /"safetyPollHours" must be at most 72/],
    [
      { pollFloorMinutes: 20 },
      /"pollFloorMinutes" makes the shortest wait \(20 minutes\) longer than the longest \(15 minutes\)/,
    ],
    [{ pollEvery: 5 }, /unknown field "pollEvery": remove it/],
    [{ bulkThreshold: '3000' }, /"bulkThreshold" must be a whole number of records from 200 to 1000000/],
  ])('refuses %j with a 400 naming the field, and saves nothing', async (body, message) => {
    h = await startHarness();
    api = await serveSettings(h);
    const before = await h.store.settings();
    const res = await api.put({
      ...body,
      safetyPollHours: (body as { safetyPollHours?: number }).safetyPollHours ?? 2,
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(message);
    expect(await h.store.settings()).toEqual(before);
  });

  it('checks Salesforce no less often than the ceiling the admin sets, counted by the org', async () => {
    h = await startHarness({ seed: false });
    api = await serveSettings(h);
    await firstSync(h);
    // Default: 1 minute doubling to 15 while nothing changes; over two idle hours about ten polls.
    const adaptive = await idle(h, 2 * HOUR, MINUTE);
    const saved = await api.put({ pollFloorMinutes: 2, pollCeilingMinutes: 2 });
    expect(saved.status).toBe(200);
    expect(saved.body.message).toContain('checked for changes every 2 minutes');
    // The sync status says how changes arrive, with the admin's interval: the org has no change events here.
    const status = await api.status();
    expect(status.salesforceChanges && salesforceChangesLine(status.salesforceChanges)).toBe(
      'Salesforce changes: checked every 2 minutes (change events are not enabled for Account, Contact and Opportunity in this org)',
    );
    const everyTwo = await idle(h, 2 * HOUR, MINUTE);
    expect(adaptive).toBeLessThanOrEqual(12);
    expect(everyTwo).toBe(60);
  });

  it('reads objects followed by change events at the safety interval the admin sets, counted by the org', async () => {
    h = await startHarness({ seed: false });
    api = await serveSettings(h);
    // What an admin does in Setup → Change Data Capture, through the org's control API.
    for (const object of ['Account', 'Contact', 'Opportunity']) {
      const res = await fetch(`${h.instanceUrl}/_control/change-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.sf.controlToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ object, enabled: true }),
      });
      expect(res.status).toBe(200);
    }
    await firstSync(h);
    await idle(h, 10 * MINUTE, MINUTE);
    const live = (await api.status()).salesforceChanges;
    expect(live && salesforceChangesLine(live)).toBe('Salesforce changes: live (change events)');
    // Default 6 hours: two safety reads in twelve idle hours (and no other call: the org's usage comes with them).
    const sixHours = await idle(h, 12 * HOUR, 10 * MINUTE);
    expect((await api.put({ safetyPollHours: 1 })).status).toBe(200);
    const hourly = await idle(h, 12 * HOUR, 10 * MINUTE);
    expect(sixHours).toBe(2);
    expect(hourly).toBe(12);
  });

  it('sends a run above the bulk threshold the admin sets through one Bulk job', async () => {
    h = await startHarness({ seed: false });
    api = await serveSettings(h);
    expect((await api.put({ bulkThreshold: 200 })).status).toBe(200);
    for (let i = 0; i < 250; i++)
      h.hs.control.createRecord('contacts', { email: `bulk${i}@threshold.example`, lastname: `Bulk ${i}` });
    h.clock.advance(1000);
    await firstSync(h);
    const asked = h.sf.requestLog();
    expect(asked.filter((r) => r === 'POST jobs/ingest')).toHaveLength(1);
    expect(h.sf.control.records('Contact').filter((r) => r.HubSpot_Id__c)).toHaveLength(250);
  });
});
