import { expect, it } from 'vitest';
import {
  createTeamAlertSettings,
  TEAM_ALERTS_SETTING,
  teamAlertsInDirectory,
} from '../../../proxy/alerts/alert-settings';
import { hashToken, PERSONAL_TOKEN_PREFIX, TeamInputError } from '../../../proxy/store/users';
import { describeTeamDirectories } from './team-stores';

describeTeamDirectories('the team directory', (kit) => {
  it('gives each person a 256-bit token it keeps only as a SHA-256', async () => {
    const team = await kit.open();
    const { token, user, replaced } = await team.add(' Ada@Example.com ', 'admin');
    expect(user).toMatchObject({ email: 'ada@example.com', role: 'admin', lastSeenAt: null });
    expect(replaced).toBe(false);
    expect(token.startsWith(PERSONAL_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(token.slice(PERSONAL_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect((await team.authenticate(token))?.email).toBe('ada@example.com');
    expect(await team.authenticate('shp_wrong')).toBeNull();
    expect(await team.authenticate('the-pairing-token')).toBeNull();
    const kept = await team.exportRows();
    expect(kept.users[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(kept)).not.toContain(token);
  });

  it('notes when someone was last seen, at most once a minute', async () => {
    let now = 1_000_000;
    const team = await kit.open(() => now);
    const { token } = await team.add('ada@example.com', 'viewer');
    await team.authenticate(token);
    expect((await team.list())[0]!.lastSeenAt).toBe(1_000_000);
    now += 30_000;
    await team.authenticate(token);
    expect((await team.list())[0]!.lastSeenAt).toBe(1_000_000);
    now += 60_000;
    await team.authenticate(token);
    expect((await team.list())[0]!.lastSeenAt).toBe(1_090_000);
  });

  it('refuses a bad e-mail or role with what to type instead, writing nothing', async () => {
    const team = await kit.open();
    await expect(team.add('ada', 'admin')).rejects.toThrow(
      new TeamInputError('"ada" is not an e-mail address. Example: ada@example.com'),
    );
    await expect(team.add('ada@example.com', 'owner' as 'admin')).rejects.toThrow(
      'Invalid role "owner". Options: admin, viewer.',
    );
    expect(await team.list()).toEqual([]);
    expect(await team.size()).toBe(0);
  });

  it('replaces the token of someone added again, so only the new one works', async () => {
    const team = await kit.open();
    const first = await team.add('ada@example.com', 'viewer');
    const second = await team.add('ADA@example.com', 'admin');
    expect(second.replaced).toBe(true);
    expect(second.user.role).toBe('admin');
    expect(await team.authenticate(first.token)).toBeNull();
    expect((await team.authenticate(second.token))?.role).toBe('admin');
    expect(await team.size()).toBe(1);
  });

  it("changes a person's role and keeps their token, and says when there is nobody to change", async () => {
    const team = await kit.open();
    const { token } = await team.add('ada@example.com', 'admin');
    expect(await team.setRole('Ada@Example.com', 'viewer')).toMatchObject({
      user: { email: 'ada@example.com', role: 'viewer' },
      previous: 'admin',
    });
    expect((await team.authenticate(token))?.role).toBe('viewer');
    expect(await team.setRole('bob@example.com', 'admin')).toBeNull();
    await expect(team.setRole('ada@example.com', 'owner' as 'admin')).rejects.toThrow(
      'Options: admin, viewer',
    );
  });

  it('revokes by e-mail in any case, and says when there was nobody', async () => {
    const team = await kit.open();
    const { token } = await team.add('ada@example.com', 'admin');
    expect(await team.revoke('ADA@example.com')).toBe(true);
    expect(await team.authenticate(token)).toBeNull();
    expect(await team.revoke('ada@example.com')).toBe(false);
  });

  it('lists people by e-mail and keeps server-wide settings', async () => {
    const team = await kit.open();
    await team.add('vic@example.com', 'viewer');
    await team.add('ada@example.com', 'admin');
    expect((await team.list()).map((u) => [u.email, u.role])).toEqual([
      ['ada@example.com', 'admin'],
      ['vic@example.com', 'viewer'],
    ]);
    expect(await team.publicUrl()).toBeNull();
    await team.setPublicUrl('https://sync.example.com');
    await team.setPublicUrl('https://sync2.example.com');
    expect(await team.publicUrl()).toBe('https://sync2.example.com');
    await team.setSetting('alerts_last_digest', '123');
    expect(await team.setting('alerts_last_digest')).toBe('123');
    expect(await team.setting('missing')).toBeNull();
  });

  it("takes another directory's rows with their token hashes, so the same tokens keep working", async () => {
    const from = await kit.open(() => 5_000);
    const { token } = await from.add('ada@example.com', 'admin');
    await from.authenticate(token);
    await from.setPublicUrl('https://sync.example.com');
    const rows = await from.exportRows();
    const to = await kit.open();
    await to.importRows(rows);
    expect(await to.list()).toEqual(await from.list());
    expect((await to.authenticate(token))?.email).toBe('ada@example.com');
    expect(await to.publicUrl()).toBe('https://sync.example.com');
  });

  it('keeps the team alert settings sealed with the key, the webhook never in clear', async () => {
    const team = await kit.open();
    const key = Buffer.alloc(32, 5);
    const settings = createTeamAlertSettings(teamAlertsInDirectory(team), key);
    expect(await settings.read()).toEqual({ slackWebhookUrl: null, smtp: null });
    const hook = 'https://hooks.slack.com/services/T000/B000/secretpath';
    await settings.update({ slackWebhookUrl: hook });
    expect(await team.setting(TEAM_ALERTS_SETTING)).not.toContain('secretpath');
    expect((await settings.read()).slackWebhookUrl).toBe(hook);
    await expect(createTeamAlertSettings(teamAlertsInDirectory(team), null).read()).rejects.toThrow(
      'is encrypted: set SYNC_HEALTH_SECRET_KEY',
    );
  });
});
