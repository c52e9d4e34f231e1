import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../shared/api/status';
import { createApp } from '../app';
import { openTeamDirectory, type TeamDirectory } from '../store/users';

const SINCE = Date.parse('2026-12-02T06:40:00Z');
const standby = {
  replica: 'ip-10-0-3-17:4242',
  role: 'standby' as const,
  leader: { replica: 'ip-10-0-3-18:977', since: SINCE },
};

// One team directory for the file: an admin's and a viewer's personal tokens.
let dir: string;
let team: TeamDirectory;
const tokens = { admin: '', viewer: '' };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sh-status-'));
  team = openTeamDirectory(join(dir, 'team.db'));
  tokens.admin = (await team.add('ada@example.com', 'admin')).token;
  tokens.viewer = (await team.add('vic@example.com', 'viewer')).token;
});
afterAll(async () => {
  await team.close();
  rmSync(dir, { recursive: true, force: true });
});

async function statusFor(app: ReturnType<typeof createApp>, token?: string) {
  const res = await app.request('http://127.0.0.1:1/api/v1/status', {
    headers: { host: '127.0.0.1:1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, body: JSON.parse(text) as StatusResponse };
}

describe('GET /api/v1/status on a server with several replicas', () => {
  const shared = () =>
    createApp({ version: 't', pairingToken: 'pairing', port: () => 1, team, replica: () => standby });

  it.each([
    ['no token', undefined],
    ["a viewer's token", 'viewer'],
    ['a wrong token', 'wrong'],
  ] as const)('tells a caller with %s who runs the sync without naming the replicas', async (_, who) => {
    const token = who === 'viewer' ? tokens.viewer : who === 'wrong' ? 'shp_not-a-token' : undefined;
    const { text, body } = await statusFor(shared(), token);
    expect(text).not.toContain('ip-10-0-3');
    expect(body.replica).toEqual({
      role: 'standby',
      leader: { since: SINCE },
      since: '2026-12-02T06:40:00.000Z',
      summary:
        'The sync runs on another replica since 2026-12-02 06:40 UTC; this one shows the same health and hands resyncs and runs to it.',
    });
  });

  it("names the replicas to an admin's token", async () => {
    const { body } = await statusFor(shared(), tokens.admin);
    expect(body.replica).toMatchObject({
      replica: 'ip-10-0-3-17:4242',
      leader: { replica: 'ip-10-0-3-18:977' },
    });
    expect(body.replica?.summary).toBe(
      'The sync runs on replica ip-10-0-3-18:977 since 2026-12-02 06:40 UTC; this replica (ip-10-0-3-17:4242) shows the same health and hands resyncs and runs to it.',
    );
  });

  it('names the replica to the local proxy pairing token, its one admin', async () => {
    const local = createApp({
      version: 't',
      pairingToken: 'pairing',
      port: () => 1,
      replica: () => ({ replica: 'laptop:1', role: 'leader', leader: { replica: 'laptop:1', since: SINCE } }),
    });
    expect((await statusFor(local, 'pairing')).body.replica?.replica).toBe('laptop:1');
    const anonymous = await statusFor(local);
    expect(anonymous.text).not.toContain('laptop');
    expect(anonymous.body.replica?.summary).toBe('The sync runs on this replica since 2026-12-02 06:40 UTC.');
  });

  it('says in words that no replica runs the sync in the seconds after a leader died', async () => {
    const app = createApp({
      version: 't',
      pairingToken: 'pairing',
      port: () => 1,
      team,
      replica: () => ({ ...standby, leader: null }),
    });
    const { body } = await statusFor(app);
    expect(body.replica).toMatchObject({ role: 'standby', leader: null, since: null });
    expect(body.replica?.summary).toBe(
      'No replica runs the sync right now (the one that did stopped); one of the others takes over within seconds.',
    );
  });
});

describe('GET /api/v1/status says whose store is shown to token holders only', () => {
  const identity = {
    kind: 'connected' as const,
    key: '00D5g000004Xyz1EAC-48211937',
    label: 'Acme Corp · HubSpot portal 48211937',
    orgId: '00D5g000004Xyz1EAC',
    orgName: 'Acme Corp',
    portalId: '48211937',
  };
  const local = () =>
    createApp({ version: 't', pairingToken: 'pairing', port: () => 1, identity: () => identity });
  const shared = () =>
    createApp({ version: 't', pairingToken: 'pairing', port: () => 1, team, identity: () => identity });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'shp_not-a-token'],
  ])('answers a caller with %s that it is alive, without the org or the portal', async (_, token) => {
    for (const app of [local(), shared()]) {
      const { text, body } = await statusFor(app, token);
      expect(body).toMatchObject({ ok: true, version: 't', identity: null });
      expect(text).not.toContain('00D5g000004Xyz1EAC');
      expect(text).not.toContain('48211937');
      expect(text).not.toContain('Acme');
    }
  });

  it("names the org and the portal to the pairing token, and to an admin's or a viewer's personal token", async () => {
    expect((await statusFor(local(), 'pairing')).body.identity).toEqual(identity);
    expect((await statusFor(shared(), tokens.admin)).body.identity).toEqual(identity);
    expect((await statusFor(shared(), tokens.viewer)).body.identity).toEqual(identity);
  });
});
