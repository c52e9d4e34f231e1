/**
 * @module The people of a shared server (`sync-health serve`): e-mail, role, a hashed personal token.
 *
 * Kept in `<data-dir>/team.db`, apart from the per-identity stores (`stores/<identity>/sync.db`): the
 * people of a server stay the same when it switches from the sandbox to a connected org. Its own small
 * migration list (PRAGMA user_version of that file). With `serve --database` the same tables live in
 * PostgreSQL instead (proxy/store/pg/team-directory.ts; pg/schema.ts migrations), behind the one
 * `TeamDirectory` interface below.
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

/** team.db's migrations (PRAGMA user_version); PostgreSQL's twin is in pg/schema.ts. */
export const TEAM_MIGRATIONS: string[] = [
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

/** A person's row as kept, token hash included: what an import copies from team.db to PostgreSQL. */
export interface TeamUserRow {
  email: string;
  role: TeamRole;
  tokenHash: string;
  createdAt: number;
  lastSeenAt: number | null;
}

/**
 * The people of a shared server and its server-wide settings, in `<data-dir>/team.db` (SQLite,
 * `openTeamDirectory`) or in the PostgreSQL database of `serve --database` (`openPgTeamDirectory`,
 * proxy/store/pg/team-directory.ts). Async, so both implementations are the one interface.
 */
export interface TeamDirectory {
  /**
   * Adds a person (or gives an existing one a new token and role: the old token stops working).
   * Returns the token, which is stored nowhere in clear: show it once.
   */
  add(email: string, role: TeamRole): Promise<{ user: TeamUser; token: string; replaced: boolean }>;
  /** Changes a person's role, keeping their token; null when nobody has that e-mail. */
  setRole(email: string, role: TeamRole): Promise<{ user: TeamUser; previous: TeamRole } | null>;
  list(): Promise<TeamUser[]>;
  /** True when someone was removed; their token stops working on the next request. */
  revoke(email: string): Promise<boolean>;
  /** The person a presented token belongs to, or null. Looked up by hash: nothing to compare in clear. */
  authenticate(token: string): Promise<TeamUser | null>;
  size(): Promise<number>;
  /** The server's public address, saved by `serve --public-url`, for the invite links `users add` prints. */
  publicUrl(): Promise<string | null>;
  setPublicUrl(url: string): Promise<void>;
  /** A server-wide setting (when the last team digest went out, the sealed team alert settings). */
  setting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Every row as kept (hashes, not tokens) and every setting: what `importTeam` copies. */
  exportRows(): Promise<{ users: TeamUserRow[]; settings: Record<string, string> }>;
  /** Writes rows of another directory in one transaction (existing e-mails and keys are replaced). */
  importRows(rows: { users: TeamUserRow[]; settings: Record<string, string> }): Promise<void>;
  close(): Promise<void>;
}

/** When `authenticate` writes `last_seen_at`: at most once a minute per person, so reads stay reads. */
export const LAST_SEEN_EVERY_MS = 60_000;

/**
 * Opens (and migrates) the team directory kept in a SQLite file (local `serve`, without `--database`).
 * @example
 * const team = openTeamDirectory(':memory:');
 * const { token } = await team.add('ada@example.com', 'admin');
 * (await team.authenticate(token))?.role; // 'admin'
 */
export function openTeamDirectory(file: string, now: () => number = Date.now): TeamDirectory {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < TEAM_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(TEAM_MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  type Row = { email: string; role: TeamRole; created_at: number; last_seen_at: number | null };
  const insert = db.prepare(
    `INSERT INTO users (email, role, token_hash, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash`,
  );
  const byHash = db.prepare<[string], Row>(
    `SELECT email, role, created_at, last_seen_at FROM users WHERE token_hash = ?`,
  );
  const byEmail = db.prepare<[string], Row>(
    `SELECT email, role, created_at, last_seen_at FROM users WHERE email = ?`,
  );
  const all = db.prepare<[], Row>(`SELECT email, role, created_at, last_seen_at FROM users ORDER BY email`);
  const allRows = db.prepare<[], Row & { token_hash: string }>(
    `SELECT email, role, token_hash, created_at, last_seen_at FROM users ORDER BY email`,
  );
  const putRow = db.prepare(
    `INSERT INTO users (email, role, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash,
       created_at = excluded.created_at, last_seen_at = excluded.last_seen_at`,
  );
  const updateRole = db.prepare(`UPDATE users SET role = ? WHERE email = ?`);
  const remove = db.prepare(`DELETE FROM users WHERE email = ?`);
  const seen = db.prepare(`UPDATE users SET last_seen_at = ? WHERE email = ?`);
  const getSetting = db.prepare<[string], { value: string }>(`SELECT value FROM team_settings WHERE key = ?`);
  const allSettings = db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM team_settings`);
  const putSetting = db.prepare(
    `INSERT INTO team_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const count = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM users`);

  return {
    async add(email, role) {
      const address = normaliseEmail(email);
      const checkedRole = parseRole(role);
      const token = newPersonalToken();
      const replaced = byEmail.get(address) !== undefined;
      insert.run(address, checkedRole, hashToken(token), now());
      return { user: toTeamUser(byEmail.get(address)!), token, replaced };
    },
    async setRole(email, role) {
      const address = normaliseEmail(email);
      const checkedRole = parseRole(role);
      const before = byEmail.get(address);
      if (!before) return null;
      updateRole.run(checkedRole, address);
      return { user: toTeamUser(byEmail.get(address)!), previous: before.role };
    },
    async list() {
      return all.all().map(toTeamUser);
    },
    async revoke(email) {
      return remove.run(normaliseEmail(email)).changes > 0;
    },
    async authenticate(token) {
      if (!token.startsWith(PERSONAL_TOKEN_PREFIX)) return null;
      const row = byHash.get(hashToken(token));
      if (!row) return null;
      const at = now();
      // A write on every request would serialise the readers.
      if (row.last_seen_at === null || at - row.last_seen_at > LAST_SEEN_EVERY_MS) seen.run(at, row.email);
      return toTeamUser(row);
    },
    async size() {
      return count.get()!.n;
    },
    async publicUrl() {
      return getSetting.get('public_url')?.value ?? null;
    },
    async setPublicUrl(url) {
      putSetting.run('public_url', url);
    },
    async setting(key) {
      return getSetting.get(key)?.value ?? null;
    },
    async setSetting(key, value) {
      putSetting.run(key, value);
    },
    async exportRows() {
      return {
        users: allRows.all().map((r) => ({ ...toTeamUser(r), tokenHash: r.token_hash })),
        settings: Object.fromEntries(allSettings.all().map((r) => [r.key, r.value])),
      };
    },
    async importRows(rows) {
      db.transaction(() => {
        for (const u of rows.users)
          putRow.run(u.email, parseRole(u.role), u.tokenHash, u.createdAt, u.lastSeenAt);
        for (const [key, value] of Object.entries(rows.settings)) putSetting.run(key, value);
      })();
    },
    async close() {
      db.close();
    },
  };
}

/** A `users` row (either store) as the person it describes. */
export function toTeamUser(r: {
  email: string;
  role: TeamRole;
  created_at: number;
  last_seen_at: number | null;
}): TeamUser {
  return { email: r.email, role: r.role, createdAt: r.created_at, lastSeenAt: r.last_seen_at };
}
