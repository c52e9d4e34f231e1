/**
 * @module The people of a shared server (`sync-health serve`): e-mail, role, a hashed personal token.
 *
 * Kept in `<data-dir>/team.db`, apart from the per-identity stores (`stores/<identity>/sync.db`): the
 * people of a server stay the same when it switches from the sandbox to a connected org. Its own small
 * migration list (PRAGMA user_version of that file); the PostgreSQL store (next) puts this table in its
 * one database.
 *
 * Tokens: 32 random bytes (256 bits), shown once. Only their SHA-256 is stored. A slow password hash
 * (scrypt, argon2) exists to make guessing low-entropy passwords expensive; a 256-bit random token cannot
 * be guessed, so one SHA-256 is the right hash and keeps the lookup on every request an index probe.
 */
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

export type TeamRole = 'admin' | 'viewer';
export const TEAM_ROLES: readonly TeamRole[] = ['admin', 'viewer'];

export interface TeamUser {
  email: string;
  role: TeamRole;
  createdAt: number;
  lastSeenAt: number | null;
}

/** The prefix lets a leaked token be recognised (secret scanners) and told apart from the pairing token. */
export const PERSONAL_TOKEN_PREFIX = 'shp_';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    email TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, last_seen_at INTEGER
  );
  CREATE TABLE team_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
];

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newPersonalToken(): string {
  return `${PERSONAL_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A bad e-mail or role; the message says what to type instead. */
export class TeamInputError extends Error {
  override name = 'TeamInputError';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!EMAIL.test(email)) {
    throw new TeamInputError(`"${value}" is not an e-mail address. Example: ada@example.com`);
  }
  return email;
}

export function parseRole(value: unknown): TeamRole {
  if (value === 'admin' || value === 'viewer') return value;
  throw new TeamInputError(`Invalid role "${String(value)}". Options: ${TEAM_ROLES.join(', ')}.`);
}

/**
 * Opens (and migrates) the team directory.
 * @example
 * const team = openTeamDirectory(':memory:');
 * const { token } = team.add('ada@example.com', 'admin');
 * team.authenticate(token)?.role; // 'admin'
 */
export function openTeamDirectory(file: string, now: () => number = Date.now) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  type Row = { email: string; role: TeamRole; created_at: number; last_seen_at: number | null };
  const toUser = (r: Row): TeamUser => ({
    email: r.email,
    role: r.role,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  });
  const insert = db.prepare(
    `INSERT INTO users (email, role, token_hash, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash`,
  );
  const byHash = db.prepare<[string], Row>(
    `SELECT email, role, created_at, last_seen_at FROM users WHERE token_hash = ?`,
  );
  const all = db.prepare<[], Row>(`SELECT email, role, created_at, last_seen_at FROM users ORDER BY email`);
  const remove = db.prepare(`DELETE FROM users WHERE email = ?`);
  const seen = db.prepare(`UPDATE users SET last_seen_at = ? WHERE email = ?`);
  const getSetting = db.prepare<[string], { value: string }>(`SELECT value FROM team_settings WHERE key = ?`);
  const putSetting = db.prepare(
    `INSERT INTO team_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const count = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM users`);

  return {
    /**
     * Adds a person (or gives an existing one a new token and role: the old token stops working).
     * Returns the token, which is stored nowhere in clear: show it once.
     */
    add(email: string, role: TeamRole): { user: TeamUser; token: string; replaced: boolean } {
      const address = normaliseEmail(email);
      const checkedRole = parseRole(role);
      const token = newPersonalToken();
      const replaced = all.all().some((u) => u.email === address);
      insert.run(address, checkedRole, hashToken(token), now());
      const user = all.all().find((u) => u.email === address)!;
      return { user: toUser(user), token, replaced };
    },
    list(): TeamUser[] {
      return all.all().map(toUser);
    },
    /** True when someone was removed; their token stops working on the next request. */
    revoke(email: string): boolean {
      return remove.run(normaliseEmail(email)).changes > 0;
    },
    /** The person a presented token belongs to, or null. Looked up by hash: nothing to compare in clear. */
    authenticate(token: string): TeamUser | null {
      if (!token.startsWith(PERSONAL_TOKEN_PREFIX)) return null;
      const row = byHash.get(hashToken(token));
      if (!row) return null;
      const at = now();
      // At most once a minute per person: a write on every request would serialise the readers.
      if (row.last_seen_at === null || at - row.last_seen_at > 60_000) seen.run(at, row.email);
      return toUser(row);
    },
    size(): number {
      return count.get()!.n;
    },
    /** The server's public address, saved by `serve --public-url`, for the invite links `users add` prints. */
    publicUrl(): string | null {
      return getSetting.get('public_url')?.value ?? null;
    },
    setPublicUrl(url: string): void {
      putSetting.run('public_url', url);
    },
    /** A server-wide setting (e.g. when the last team digest went out). */
    setting(key: string): string | null {
      return getSetting.get(key)?.value ?? null;
    },
    setSetting(key: string, value: string): void {
      putSetting.run(key, value);
    },
    close(): void {
      db.close();
    },
  };
}

export type TeamDirectory = ReturnType<typeof openTeamDirectory>;
