/**
 * `serve --sandbox --public-url`: the record links the panel shows use the server's public address
 * (the sync itself talks to the sandboxes over the internal loopback listener), and the sandbox's record
 * pages answer there, so a teammate's browser can open them.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import type { RecordLookupAnswer } from '../../../shared/api/control';
import type { ErrorsPage } from '../../../shared/api/errors';
import { type RunningSandbox, startTeamServer, type TeamServer } from '../../team-server';

const PUBLIC = 'https://sync.example.com';

describe('record links of a shared sandbox server', () => {
  let server: TeamServer;
  let running: RunningSandbox;
  let token: string;

  beforeEach(async () => {
    server = await startTeamServer({
      name: 'links',
      people: { 'ada@example.com': 'viewer' },
      publicHosts: ['sync.example.com'],
      publicUrl: PUBLIC,
    });
    running = server.running;
    token = server.tokens['ada@example.com']!;
    await running.sync.engine.runOnce();
  });
  afterEach(() => server.close());

  /** A GET as a teammate's browser sends it: to the server, naming the public host. */
  const openAsTeammate = (link: string) =>
    new Promise<{ status: number; body: string }>((done, fail) => {
      const { pathname } = new URL(link);
      const req = request(
        `${running.proxy.internalUrl}${pathname}`,
        { headers: { host: 'sync.example.com', accept: 'text/html' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            body += d;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', fail);
      req.end();
    });

  it('builds HubSpot and Salesforce record links on the public address, and those pages open there', async () => {
    const get = async <T>(path: string) =>
      (await (
        await fetch(`${running.proxy.internalUrl}/api/v1${path}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as T;
    const page = await get<ErrorsPage>('/errors?limit=50');
    // A synced contact, as the panel's "This record" looks it up: both sides' links.
    const linked = testDatabase(running.sync.store)
      .prepare(`SELECT crm_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 1`)
      .get() as { crm_id: string };
    const lookup = await get<RecordLookupAnswer>(
      `/records/lookup?system=hubspot&objectType=contacts&id=${linked.crm_id}`,
    );
    const crmLinks = [...page.items.map((e) => e.crmUrl), lookup.crm?.url].filter((u): u is string =>
      Boolean(u),
    );
    const sfLinks = [lookup.salesforce?.url].filter((u): u is string => Boolean(u));
    expect(crmLinks.length).toBeGreaterThan(1);
    expect(sfLinks).toHaveLength(1);
    for (const link of [...crmLinks, ...sfLinks]) expect(link.startsWith(`${PUBLIC}/sandbox/`)).toBe(true);
    expect(JSON.stringify([page, lookup])).not.toContain(running.proxy.internalUrl);

    const crmPage = await openAsTeammate(crmLinks[0]!);
    expect(crmPage.status).toBe(200);
    expect(crmPage.body).toContain(`<span data-record-id>${crmLinks[0]!.split('/').pop()}</span>`);
    const sfPage = await openAsTeammate(sfLinks[0]!);
    expect(sfPage.status).toBe(200);
    expect(sfPage.body).toContain(`data-record-id="${new URL(sfLinks[0]!).pathname.split('/')[6]}`);
  });
});
