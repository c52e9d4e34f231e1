/**
 * @module One shared server for the team tests (integration and e2e): a temp data folder, the people and
 * team alert settings opened the way `sync-health serve` opens them (`openTeamStorage`: team.db, or
 * PostgreSQL with `database`), the people added, the team alerts and their routes mounted, the sandboxes
 * served on port 0. `close()` undoes all of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamAlertRoutes } from '../proxy/alerts/team-alert-routes';
import { createTeamAlerts } from '../proxy/alerts/team-alerts';
import { openTeamStorage } from '../proxy/cli/team-storage';
import { startSandboxProxy } from '../proxy/runtime/sandbox-runtime';
import type { TeamRole } from '../proxy/store/users';

export type RunningSandbox = Awaited<ReturnType<typeof startSandboxProxy>>;

export interface TeamServerOptions {
  /** Folder-name prefix of the temp data folder. */
  name?: string;
  /** People added before the server starts; their tokens are in `tokens`, by e-mail as given. */
  people?: Record<string, TeamRole>;
  /** SYNC_HEALTH_SECRET_KEY the alert settings are sealed with (default: 32 bytes of 7). */
  key?: Buffer;
  publicHosts?: string[];
  publicUrl?: string;
  /** The clock of the team alerts (digests). */
  now?: () => number;
  /** PostgreSQL URL: the people and alert settings in that database, as `serve --database`. */
  database?: string;
  /** A data folder to use (and leave) instead of a fresh temp one. */
  dataDir?: string;
}

export async function startTeamServer(options: TeamServerOptions = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `sh-${options.name ?? 'team'}-`));
  const key = options.key ?? Buffer.alloc(32, 7);
  const { team, alertSettings } = await openTeamStorage({ dataDir, database: options.database, key });
  const tokens: Record<string, string> = {};
  for (const [email, role] of Object.entries(options.people ?? {}))
    tokens[email] = (await team.add(email, role)).token;
  let sync: RunningSandbox['sync'] | null = null;
  const alerts = createTeamAlerts({
    settings: alertSettings,
    sync: () => sync,
    lastDigest: {
      get: async () => Number(await team.setting('alerts_last_digest')) || null,
      set: (at) => team.setSetting('alerts_last_digest', String(at)),
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const running = await startSandboxProxy({
    port: 0,
    dataDir,
    autoStart: false,
    shared: {
      host: '127.0.0.1',
      publicHosts: options.publicHosts ?? [],
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      team,
      apiRoutes: (api) => {
        api.route(
          '/',
          createTeamAlertRoutes(alertSettings, alerts, () => sync),
        );
      },
    },
  });
  sync = running.sync;

  /** One /api/v1 request with a personal token; the answer's status and JSON. */
  async function call(token: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${running.proxy.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the route answered
    const json = (text ? JSON.parse(text) : null) as any;
    return { status: res.status, text, json };
  }

  return {
    dataDir,
    key,
    team,
    tokens,
    alerts,
    alertSettings,
    running,
    call,
    async close() {
      alerts.stop();
      await running.close();
      await team.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TeamServer = Awaited<ReturnType<typeof startTeamServer>>;

/** A message as Slack's incoming webhook receives it (the senders post `{ text }` as JSON). */
export interface SlackPost {
  text: string;
}

/**
 * A local stand-in for Slack's incoming webhook on a free loopback port: every POST's JSON body is kept in
 * `posts`, answered `ok` as Slack does. `url` has the webhook's path shape (`/services/T…/B…/secret`), ending
 * in `secret` so a test can check the path never shows.
 */
export async function slackReceiver(secret = 'webhook-secret') {
  const posts: SlackPost[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      posts.push(JSON.parse(body) as SlackPost);
      res.end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/${secret}`;
  return { posts, url, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export type SlackReceiver = Awaited<ReturnType<typeof slackReceiver>>;
