/**
 * Team alerts over real HTTP and real SMTP: a local receiver stands in for Slack's incoming webhook and
 * a local SMTP server (smtp-server) for the mail server; the outage comes from the sandbox portal refusing
 * every call.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamAlerts } from '../../../proxy/alerts/team-alerts';
import {
  type RunningSandbox,
  type SlackReceiver,
  slackReceiver,
  startTeamServer,
  type TeamServer,
} from '../../team-server';

const KEY = Buffer.alloc(32, 3);
const SMTP_PASSWORD = 'mail-pass-do-not-echo';

async function smtpReceiver() {
  const mails: { from: string; to: string[]; text: string }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === SMTP_PASSWORD) callback(null, { user: 'alerts' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let text = '';
      stream.on('data', (d) => {
        text += d;
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          text,
        });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, port, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describe('team alerts go to Slack and e-mail as well as to the browsers', () => {
  let server: TeamServer;
  let dataDir: string;
  let alerts: TeamAlerts;
  let running: RunningSandbox;
  let slack: SlackReceiver;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let admin: string;
  let viewer: string;
  let clock = Date.now();

  beforeEach(async () => {
    [slack, smtp] = await Promise.all([slackReceiver(), smtpReceiver()]);
    clock = Date.now();
    server = await startTeamServer({
      name: 'alerts',
      people: { 'ada@example.com': 'admin', 'vic@example.com': 'viewer' },
      key: KEY,
      now: () => clock,
    });
    ({ dataDir, alerts, running } = server);
    admin = server.tokens['ada@example.com']!;
    viewer = server.tokens['vic@example.com']!;
    alerts.watch();
  });
  afterEach(async () => {
    await server.close();
    await Promise.all([slack.close(), smtp.close()]);
  });

  const call = (token: string, method: string, path: string, body?: unknown) =>
    server.call(token, method, path, body);
  const configure = () =>
    call(admin, 'PUT', '/settings/team-alerts', {
      slackWebhookUrl: slack.url,
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: 'alerts',
        password: SMTP_PASSWORD,
        from: 'sync-health@example.com',
        to: ['ops@example.com', 'ada@example.com'],
      },
    });

  it('keeps the webhook URL and the SMTP password out of every answer and out of the file in clear', async () => {
    const saved = await configure();
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      slack: { configured: true, host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
      email: { configured: true, to: ['ops@example.com', 'ada@example.com'], passwordSaved: true },
    });
    const read = await call(viewer, 'GET', '/settings/team-alerts');
    for (const text of [saved.text, read.text, readFileSync(join(dataDir, 'team-alerts.json'), 'utf8')]) {
      expect(text).not.toContain('secretpath');
      expect(text).not.toContain(SMTP_PASSWORD);
    }
    // A change without the password keeps the saved one: the test alert still signs in.
    await call(admin, 'PUT', '/settings/team-alerts', {
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        user: 'alerts',
        from: 'sync-health@example.com',
        to: ['ops@example.com'],
      },
    });
    const test = await call(admin, 'POST', '/settings/team-alerts/test');
    expect(test.json.message).toBe('Slack: sent; E-mail: sent');
    expect(smtp.mails).toHaveLength(1);
    expect(slack.posts[0]!.text).toContain('Test alert');
  });

  it('refuses bad settings with what to change, and refuses viewers', async () => {
    const bad = await call(admin, 'PUT', '/settings/team-alerts', {
      slackWebhookUrl: 'https://example.com/hook',
      smtp: { host: 'smtp.example.com', port: 70000, from: 'nobody', to: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('https://hooks.slack.com/');
    expect((await call(admin, 'GET', '/settings/team-alerts')).json.slack.configured).toBe(false);
    const denied = await call(viewer, 'PUT', '/settings/team-alerts', { slackWebhookUrl: null });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('forbidden_role');
  });

  it('announces an outage when it starts and when it ends, on both channels, with notifications on Instant', async () => {
    await configure();
    running.sandboxes.hubspot.control.rateLimitNext(100_000, 3600, 'DAILY');
    await running.sync.engine.runOnce();
    await alerts.flushed();
    expect(slack.posts.map((p) => p.text)).toEqual([
      expect.stringContaining('HubSpot outage: the sync is waiting'),
    ]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['ops@example.com', 'ada@example.com']);
    expect(smtp.mails[0]!.text).toContain('Subject: [Sync Health] HubSpot outage: the sync is waiting');

    await running.sync.engine.runOnce(); // still down: announced once, not again
    running.sandboxes.hubspot.control.rateLimitNext(0);
    await running.sync.engine.runOnce();
    await alerts.flushed();
    expect(slack.posts.map((p) => p.text)).toEqual([
      expect.stringContaining('HubSpot outage'),
      expect.stringContaining('HubSpot is back'),
    ]);
  });

  it('sends nothing at once with a daily digest set, then the digest when the day is over', async () => {
    await configure();
    expect((await call(admin, 'PUT', '/settings/notifications', { frequency: 'daily' })).status).toBe(200);
    expect(await alerts.digestIfDue()).toBeNull(); // starts the first period
    running.sandboxes.hubspot.control.rateLimitNext(100_000, 3600, 'DAILY');
    await running.sync.engine.runOnce();
    await alerts.flushed();
    expect(slack.posts).toHaveLength(0);

    clock += 25 * 3_600_000;
    const results = await alerts.digestIfDue();
    expect(results).toEqual([
      { channel: 'slack', ok: true },
      { channel: 'email', ok: true },
    ]);
    expect(slack.posts[0]!.text).toMatch(/Daily sync digest/);
    expect(slack.posts[0]!.text).toContain('HubSpot outage since');
    expect(await alerts.digestIfDue()).toBeNull(); // not twice in one day
  });
});
