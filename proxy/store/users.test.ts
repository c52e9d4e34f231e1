import { describe, expect, it } from 'vitest';
import { hashToken, openTeamDirectory, PERSONAL_TOKEN_PREFIX, TeamInputError } from './users';

describe('the team directory', () => {
  it('gives each person a 256-bit token it keeps only as a SHA-256', () => {
    const team = openTeamDirectory(':memory:');
    const { token, user } = team.add(' Ada@Example.com ', 'admin');
    expect(user).toMatchObject({ email: 'ada@example.com', role: 'admin', lastSeenAt: null });
    expect(token.startsWith(PERSONAL_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(token.slice(PERSONAL_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(team.authenticate(token)?.email).toBe('ada@example.com');
    expect(team.authenticate('shp_wrong')).toBeNull();
    expect(team.authenticate('the-pairing-token')).toBeNull();
    team.close();
  });

  it('notes when someone was last seen, at most once a minute', () => {
    let now = 1_000_000;
    const team = openTeamDirectory(':memory:', () => now);
    const { token } = team.add('ada@example.com', 'viewer');
    team.authenticate(token);
    expect(team.list()[0]!.lastSeenAt).toBe(1_000_000);
    now += 30_000;
    team.authenticate(token);
    expect(team.list()[0]!.lastSeenAt).toBe(1_000_000);
    now += 60_000;
    team.authenticate(token);
    expect(team.list()[0]!.lastSeenAt).toBe(1_090_000);
    team.close();
  });

  it('refuses a bad e-mail or role with what to type instead, writing nothing', () => {
    const team = openTeamDirectory(':memory:');
    expect(() => team.add('ada', 'admin')).toThrow(
      new TeamInputError('"ada" is not an e-mail address. Example: ada@example.com'),
    );
    expect(() => team.add('ada@example.com', 'owner' as 'admin')).toThrow(
      'Invalid role "owner". Options: admin, viewer.',
    );
    expect(team.list()).toEqual([]);
    team.close();
  });

  it('revokes by e-mail in any case, and says when there was nobody', () => {
    const team = openTeamDirectory(':memory:');
    const { token } = team.add('ada@example.com', 'admin');
    expect(team.revoke('ADA@example.com')).toBe(true);
    expect(team.authenticate(token)).toBeNull();
    expect(team.revoke('ada@example.com')).toBe(false);
    team.close();
  });
});
