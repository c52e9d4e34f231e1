/**
 * The people and team alert settings of `serve --database` live in PostgreSQL: a data folder's team.db is
 * copied into an empty database on first open (tokens keep working), and `sync-health users … --database`
 * works against it, each change landing in the activity list as made from the command line.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamAlertSettings, teamAlertsFile } from '../../../proxy/alerts/alert-settings';
import { openTeamStorage, teamFile } from '../../../proxy/cli/team-storage';
import { openPgStore } from '../../../proxy/store/pg/index';
import { openPgTeamDirectory } from '../../../proxy/store/pg/team-directory';
import { openTeamDirectory } from '../../../proxy/store/users';
import { printedToken, runCli } from '../../cli-run';
import { pgTestDatabase } from './team-stores';

const KEY = Buffer.alloc(32, 4);
const HOOK = 'https://hooks.slack.com/services/T000/B000/secretpath';

describe('the team data of a server on PostgreSQL', () => {
  const database = pgTestDatabase('team_pg');
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sh-team-pg-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("copies the data folder's people and sealed alert settings into an empty database once, and their tokens keep working", async () => {
    const dir = dataDir();
    const local = openTeamDirectory(teamFile(dir));
    const { token } = await local.add('ada@example.com', 'admin');
    await local.add('vic@example.com', 'viewer');
    await local.close();
    await createTeamAlertSettings(teamAlertsFile(dir), KEY).update({ slackWebhookUrl: HOOK });
    const url = await database.schemaUrl();

    const first = await openTeamStorage({ dataDir: dir, database: url, key: KEY });
    try {
      expect(first.imported).toBe(
        `Copied 2 people and the team alert settings from ${teamFile(dir)} and team-alerts.json into PostgreSQL (tokens keep working). The data folder's copies are no longer read.`,
      );
      expect((await first.team.authenticate(token))?.email).toBe('ada@example.com');
      expect((await first.alertSettings.read()).slackWebhookUrl).toBe(HOOK);
      await first.team.revoke('vic@example.com');
    } finally {
      await first.team.close();
    }
    // Not again: the database is the team's now, a revoked person is not brought back from team.db.
    const second = await openTeamStorage({ dataDir: dir, database: url, key: KEY });
    try {
      expect(second.imported).toBeNull();
      expect((await second.team.list()).map((u) => u.email)).toEqual(['ada@example.com']);
    } finally {
      await second.team.close();
    }
  });

  it('refuses to copy sealed alert settings without their key, copying nothing', async () => {
    const dir = dataDir();
    const local = openTeamDirectory(teamFile(dir));
    await local.add('ada@example.com', 'admin');
    await local.close();
    await createTeamAlertSettings(teamAlertsFile(dir), KEY).update({ slackWebhookUrl: HOOK });
    const url = await database.schemaUrl();
    await expect(openTeamStorage({ dataDir: dir, database: url, key: null })).rejects.toThrow(
      'team-alerts.json is encrypted: set SYNC_HEALTH_SECRET_KEY to the key it was saved with.',
    );
    const team = await openPgTeamDirectory(url);
    try {
      expect(await team.size()).toBe(0);
    } finally {
      await team.close();
    }
  });

  it('adds, changes the role of and revokes people with "users … --database", each recorded in the activity list as the command line on this machine', async () => {
    const dir = dataDir();
    const url = await database.schemaUrl();
    const env = { SYNC_HEALTH_SECRET_KEY: KEY.toString('base64') };
    const add = await runCli(
      ['users', 'add', 'Ada@Example.com', '--role', 'viewer', '--database', url, '--data-dir', dir],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const token = printedToken(add.stdout);
    const role = await runCli(
      ['users', 'role', 'ada@example.com', 'admin', '--database', url, '--data-dir', dir],
      env,
    );
    expect(role.stdout).toContain('ada@example.com is now an admin (was viewer); their token keeps working.');
    const list = await runCli(['users', 'list', '--data-dir', dir], {
      ...env,
      SYNC_HEALTH_DATABASE_URL: url,
    });
    expect(list.stdout).toMatch(/ada@example\.com\s+admin\s+added/);

    const team = await openPgTeamDirectory(url);
    try {
      expect((await team.authenticate(token))?.role).toBe('admin');
      const revoke = await runCli(
        ['users', 'revoke', 'ada@example.com', '--database', url, '--data-dir', dir],
        env,
      );
      expect(revoke.code).toBe(0);
      expect(await team.authenticate(token)).toBeNull();
    } finally {
      await team.close();
    }
    // Nothing of the people was written to the data folder.
    expect(existsSync(teamFile(dir))).toBe(false);

    const store = await openPgStore(url);
    try {
      const { items } = await store.activityPage({ limit: 10 });
      const who = `command line on ${hostname()}`;
      expect(items.map((e) => [e.actor, e.action, e.summary])).toEqual([
        [who, 'person-revoked', "Revoked ada@example.com's access: their personal token no longer works."],
        [who, 'person-role', "Changed ada@example.com's role from viewer to admin."],
        [who, 'person-added', 'Added ada@example.com as a viewer.'],
      ]);
    } finally {
      await store.close();
    }
  }, 240_000); // each command line run starts tsx: seconds each on a shared machine
});
