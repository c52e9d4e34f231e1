/**
 * Who did it, over real HTTP: every change a person makes through the API lands in the activity list
 * (GET /activity) with their e-mail on a shared server, or "you" on the local proxy; viewers read it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import type { TeamDirectory } from '../../../proxy/store/users';
import type { ActivityPage } from '../../../shared/api/team';
import { printedToken, runCli } from '../../cli-run';
import { type RunningSandbox as Running, startTeamServer, type TeamServer } from '../../team-server';

async function call(running: Running, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.proxy.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const activity = async (running: Running, token: string, query = '') =>
  (await call(running, token, 'GET', `/activity${query}`)).json as unknown as ActivityPage;

describe('the activity list of a shared server says who changed what', () => {
  let server: TeamServer;
  let team: TeamDirectory;
  let running: Running;
  let admin: string;
  let viewer: string;

  beforeEach(async () => {
    server = await startTeamServer({
      name: 'activity',
      people: { 'ada@example.com': 'admin', 'vic@example.com': 'viewer' },
    });
    ({ team, running } = server);
    admin = server.tokens['ada@example.com']!;
    viewer = server.tokens['vic@example.com']!;
  });
  afterEach(() => server.close());

  it("records an admin's settings changes in words under their e-mail, newest first, for admins and viewers alike", async () => {
    const allocation = (await running.sync.store.settings()).allocation;
    expect((await call(running, admin, 'PUT', '/settings/allocation', { allocation: 1234 })).status).toBe(
      200,
    );
    expect((await call(running, admin, 'PUT', '/settings/headroom', { headroomPercent: 15 })).status).toBe(
      200,
    );
    expect(
      (await call(running, admin, 'PUT', '/settings/notifications', { frequency: 'weekly' })).status,
    ).toBe(200);
    expect(
      (await call(running, admin, 'PUT', '/settings/records', { deleteInSalesforce: true })).status,
    ).toBe(200);
    expect((await call(running, admin, 'POST', '/sync/accept-preview')).status).toBe(200);

    for (const token of [admin, viewer]) {
      const page = await activity(running, token);
      expect(page.items.map((i) => i.action)).toEqual([
        'preview-accepted',
        'record-rules',
        'notifications',
        'headroom',
        'allocation',
      ]);
      expect(page.items.every((i) => i.actor === 'ada@example.com' && i.who === 'ada@example.com')).toBe(
        true,
      );
      expect(page.items[4]!.summary).toBe(
        `Changed the sync's API allocation from ${allocation.toLocaleString('en-US')} to 1,234 calls per 24 hours.`,
      );
      expect(page.items[3]!.summary).toContain('to 15% (was 0%)');
      expect(page.items[2]!.summary).toContain('frequency to weekly');
      expect(page.items[1]!.summary).toContain('deleted in HubSpot is now deleted in Salesforce too');
      expect(Date.parse(page.items[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('records sync now, a resync of a whole type and a saved mapping set, each in words', async () => {
    expect((await call(running, admin, 'POST', '/sync/run')).status).toBe(200);
    expect((await call(running, admin, 'POST', '/resync/all', { category: 'picklists' })).status).toBe(202);
    const { mappings } = (await call(running, admin, 'GET', '/mappings')).json;
    expect((await call(running, admin, 'PUT', '/mappings', { mappings })).status).toBe(200);
    const items = (await activity(running, viewer)).items;
    expect(items.map((i) => [i.action, i.who])).toEqual([
      ['mappings', 'ada@example.com'],
      ['resync-all', 'ada@example.com'],
      ['sync-run', 'ada@example.com'],
    ]);
    expect(items[0]!.summary).toMatch(
      'Saved the field mappings of HubSpot companies, contacts and deals; 0 synced records sent again with the new mapping.',
    );
    expect(items[1]!.summary).toBe('Asked to resync every open Picklists error.');
    expect(items[2]!.summary).toMatch(/^Ran the sync now \([\d,]+ changes? processed\)\.$/);
  });

  it("records nothing for a viewer's refused change, nor for a save that changes nothing", async () => {
    expect((await call(running, viewer, 'PUT', '/settings/headroom', { headroomPercent: 30 })).status).toBe(
      403,
    );
    const current = (await running.sync.store.settings()).allocation;
    expect((await call(running, admin, 'PUT', '/settings/allocation', { allocation: current })).status).toBe(
      200,
    );
    expect((await call(running, admin, 'PUT', '/settings/allocation', { allocation: -5 })).status).toBe(400);
    expect((await activity(running, admin)).items).toEqual([]);
  });

  it('refuses a viewer the team alert form with a 403 but shows them its settings, and records the admin who changed them', async () => {
    const change = { slackWebhookUrl: 'https://hooks.slack.com/services/T1/B2/secret-part' };
    const denied = await call(running, viewer, 'PUT', '/settings/team-alerts', change);
    expect(denied.status).toBe(403);
    expect((denied.json.error as { code: string }).code).toBe('forbidden_role');
    const deniedTest = await call(running, viewer, 'POST', '/settings/team-alerts/test', {
      channel: 'slack',
    });
    expect(deniedTest.status).toBe(403);

    expect((await call(running, admin, 'PUT', '/settings/team-alerts', change)).status).toBe(200);
    const seen = await call(running, viewer, 'GET', '/settings/team-alerts');
    expect(seen.status).toBe(200);
    expect(seen.json.slack).toEqual({ configured: true, host: 'hooks.slack.com' });

    const [entry] = (await activity(running, viewer)).items;
    expect(entry).toMatchObject({
      actor: 'ada@example.com',
      action: 'team-alerts',
      summary: 'Team alerts: set the Slack webhook.',
    });
    expect(JSON.stringify(await activity(running, admin))).not.toContain('secret-part');
  });

  it('records people added, given a new role or revoked with "sync-health users" as the command line on this machine', async () => {
    const args = ['--data-dir', server.dataDir];
    const added = await runCli(['users', 'add', 'bob@example.com', '--role', 'viewer', ...args]);
    expect(added.code, added.stderr).toBe(0);
    const bob = printedToken(added.stdout);
    expect((await runCli(['users', 'role', 'bob@example.com', 'admin', ...args])).code).toBe(0);
    expect((await team.authenticate(bob))?.role).toBe('admin');
    expect((await runCli(['users', 'add', 'bob@example.com', '--role', 'admin', ...args])).code).toBe(0);
    expect((await runCli(['users', 'revoke', 'BOB@example.com', ...args])).code).toBe(0);
    expect((await runCli(['users', 'revoke', 'nobody@example.com', ...args])).code).toBe(1);

    const page = await activity(running, viewer);
    const who = `command line on ${hostname()}`;
    expect(page.items.map((e) => [e.who, e.action, e.summary])).toEqual([
      [who, 'person-revoked', "Revoked bob@example.com's access: their personal token no longer works."],
      [
        who,
        'person-new-token',
        'Gave bob@example.com a new personal token: their previous token no longer works.',
      ],
      [who, 'person-role', "Changed bob@example.com's role from viewer to admin."],
      [who, 'person-added', 'Added bob@example.com as a viewer.'],
    ]);
  }, 240_000); // each command line run starts tsx: seconds each on a shared machine

  it('pages through the list with nextBefore, never repeating an entry', async () => {
    for (const percent of [1, 2, 3, 4, 5]) {
      await call(running, admin, 'PUT', '/settings/headroom', { headroomPercent: percent });
    }
    const first = await activity(running, viewer, '?limit=2');
    expect(first.items.map((i) => i.summary)).toEqual([
      expect.stringContaining('to 5% (was 4%)'),
      expect.stringContaining('to 4% (was 3%)'),
    ]);
    const second = await activity(running, viewer, `?limit=2&before=${first.nextBefore}`);
    const third = await activity(running, viewer, `?limit=2&before=${second.nextBefore}`);
    expect(third.items.map((i) => i.summary)).toEqual([expect.stringContaining('to 1% (was 0%)')]);
    expect(third.nextBefore).toBeNull();
    const bad = await call(running, viewer, 'GET', '/activity?limit=500');
    expect(bad.status).toBe(400);
    expect((bad.json.error as { message: string }).message).toContain('"limit" must be at most 100');
  });
});

describe('the activity list of the local proxy', () => {
  let dataDir: string;
  let running: Running;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-activity-local-'));
    running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  });
  afterEach(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows its one admin as "you", without an e-mail', async () => {
    const token = running.proxy.token;
    expect((await call(running, token, 'PUT', '/settings/headroom', { headroomPercent: 20 })).status).toBe(
      200,
    );
    const [entry] = (await activity(running, token)).items;
    expect(entry).toMatchObject({ actor: null, who: 'you', action: 'headroom' });
  });
});
