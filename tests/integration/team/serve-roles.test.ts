/**
 * The shared server over real HTTP on the embedded sandboxes: personal tokens, roles, revocation, the
 * Host check with a public name, and actions recorded with who took them.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamFile } from '../../../proxy/cli/serve';
import { openTeamDirectory, type TeamDirectory } from '../../../proxy/store/users';
import type { ErrorDetail, ErrorsPage } from '../../../shared/api/errors';
import { type RunningSandbox, startTeamServer, type TeamServer } from '../../team-server';

describe('a shared server lets each person in with their own token and role', () => {
  let server: TeamServer;
  let dataDir: string;
  let team: TeamDirectory;
  let running: RunningSandbox;
  let admin: string;
  let viewer: string;

  beforeEach(async () => {
    server = await startTeamServer({
      name: 'roles',
      people: { 'ada@example.com': 'admin', 'Vic@Example.com': 'viewer' },
      publicHosts: ['sync.example.com'],
    });
    ({ dataDir, team, running } = server);
    admin = server.tokens['ada@example.com']!;
    viewer = server.tokens['Vic@Example.com']!;
    await running.sync.engine.runOnce();
  });
  afterEach(() => server.close());

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.proxy.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const openErrorIds = async () =>
    ((await call(admin, 'GET', '/errors?limit=3')).json as unknown as ErrorsPage).items.map((e) => e.id);

  it('shows each person who they are paired as', async () => {
    expect((await call(admin, 'GET', '/session')).json.user).toEqual({
      email: 'ada@example.com',
      role: 'admin',
    });
    expect((await call(viewer, 'GET', '/session')).json.user).toEqual({
      email: 'vic@example.com',
      role: 'viewer',
    });
  });

  it('lets a viewer read the health but refuses each change with a 403 in words', async () => {
    expect((await call(viewer, 'GET', '/health/summary')).status).toBe(200);
    expect((await call(viewer, 'GET', '/errors?limit=5')).status).toBe(200);
    const ids = await openErrorIds();
    const settingsBefore = await running.sync.store.settings();
    const changes: [string, string, unknown][] = [
      ['POST', '/resync', { errorIds: ids }],
      ['POST', '/resync/all', { category: 'custom-code' }],
      ['PUT', '/settings/allocation', { allocation: 1000 }],
      ['PUT', '/settings/headroom', { headroomPercent: 10 }],
      ['PUT', '/settings/notifications', { frequency: 'daily' }],
      ['PUT', '/mappings', {}],
      ['POST', '/sync/run', {}],
    ];
    for (const [method, path, body] of changes) {
      const res = await call(viewer, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      const error = res.json.error as { code: string; message: string };
      expect(error.code).toBe('forbidden_role');
      expect(error.message).toContain('vic@example.com can view');
      expect(error.message).toContain('sync-health users add vic@example.com --role admin');
    }
    expect(await running.sync.store.settings()).toEqual(settingsBefore);
    const detail = (await call(admin, 'GET', `/errors/${ids[0]}`)).json as unknown as ErrorDetail;
    expect(detail.history.some((h) => h.action === 'resync')).toBe(false);
  });

  it("records an admin's resync in the record's history under their e-mail", async () => {
    const [id] = await openErrorIds();
    const res = await call(admin, 'POST', '/resync', { errorIds: [id] });
    expect(res.status).toBe(200);
    const detail = (await call(admin, 'GET', `/errors/${id}`)).json as unknown as ErrorDetail;
    const asked = detail.history.find((h) => h.action === 'resync');
    expect(asked).toMatchObject({ actor: 'ada@example.com', outcome: 'requested', errorId: id });
  });

  it('stops accepting a token once it is revoked, and a replaced token once a new one is made', async () => {
    expect((await call(viewer, 'GET', '/health/summary')).status).toBe(200);
    expect(await team.revoke('VIC@example.com')).toBe(true);
    const refused = await call(viewer, 'GET', '/health/summary');
    expect(refused.status).toBe(401);
    expect((refused.json.error as { message: string }).message).toContain('not valid on this server');

    const renewed = await team.add('ada@example.com', 'admin');
    expect(renewed.replaced).toBe(true);
    expect((await call(admin, 'GET', '/health/summary')).status).toBe(401);
    expect((await call(renewed.token, 'GET', '/health/summary')).status).toBe(200);
  });

  it("does not take the data folder's pairing token in place of a personal one", async () => {
    const res = await call(running.proxy.token, 'GET', '/health/summary');
    expect(res.status).toBe(401);
    expect((res.json.error as { message: string }).message).toContain('sync-health users add');
  });

  it('answers requests for its public name and refuses other host names', async () => {
    const withHost = (host: string) =>
      new Promise<number>((done, fail) => {
        const req = request(
          `${running.proxy.url}/api/v1/session`,
          { headers: { host, authorization: `Bearer ${admin}` } },
          (res) => {
            res.resume();
            done(res.statusCode ?? 0);
          },
        );
        req.on('error', fail);
        req.end();
      });
    expect(await withHost('sync.example.com')).toBe(200);
    expect(await withHost('evil.example.net')).toBe(403);
  });

  it('keeps no token in clear in the team file', async () => {
    const other = openTeamDirectory(teamFile(dataDir));
    try {
      expect((await other.authenticate(admin))?.email).toBe('ada@example.com');
      expect(await other.authenticate(`${admin}x`)).toBeNull();
    } finally {
      await other.close();
    }
  });
});
