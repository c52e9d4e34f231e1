/**
 * @module The team directory in PostgreSQL (`serve --database`): the people of the shared server and its
 * server-wide settings (tables `users` and `team_settings`, pg/schema.ts), the same `TeamDirectory` as the
 * SQLite one of `<data-dir>/team.db` (proxy/store/users.ts), so replicas on two machines share one team.
 */
import {
  hashToken,
  LAST_SEEN_EVERY_MS,
  newPersonalToken,
  normaliseEmail,
  PERSONAL_TOKEN_PREFIX,
  parseRole,
  type TeamDirectory,
  type TeamRole,
  toTeamUser,
} from '../users';
import { openMigratedDb } from './schema';

type Row = { email: string; role: TeamRole; created_at: number; last_seen_at: number | null };
const COLUMNS = 'email, role, created_at, last_seen_at';

/**
 * Connects to `url`, migrates the schema (the sync store's migrations: one version for the database) and
 * returns the directory. Throws with the server's reason when it cannot connect.
 * @example
 * const team = await openPgTeamDirectory('postgres://sync@127.0.0.1:5432/sync_health');
 * const { token } = await team.add('ada@example.com', 'admin');
 */
export async function openPgTeamDirectory(url: string, now: () => number = Date.now): Promise<TeamDirectory> {
  const db = await openMigratedDb(url);
  const byEmail = (email: string) => db.one<Row>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email]);
  const putSetting = (key: string, value: string) =>
    db.run(
      `INSERT INTO team_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  const setting = async (key: string) =>
    (await db.one<{ value: string }>(`SELECT value FROM team_settings WHERE key = $1`, [key]))?.value ?? null;

  return {
    async add(email, role) {
      const address = normaliseEmail(email);
      const checkedRole = parseRole(role);
      const token = newPersonalToken();
      // xmax is non-zero on a row the upsert updated: "replaced" without a second round trip or a race.
      const row = await db.one<Row & { replaced: boolean }>(
        `INSERT INTO users (email, role, token_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash
         RETURNING ${COLUMNS}, (xmax <> 0) AS replaced`,
        [address, checkedRole, hashToken(token), now()],
      );
      return { user: toTeamUser(row!), token, replaced: row!.replaced };
    },
    async setRole(email, role) {
      const address = normaliseEmail(email);
      const checkedRole = parseRole(role);
      return db.tx(async () => {
        const before = await db.one<Row>(`SELECT ${COLUMNS} FROM users WHERE email = $1 FOR UPDATE`, [
          address,
        ]);
        if (!before) return null;
        await db.run(`UPDATE users SET role = $1 WHERE email = $2`, [checkedRole, address]);
        return { user: toTeamUser((await byEmail(address))!), previous: before.role };
      });
    },
    async list() {
      return (await db.rows<Row>(`SELECT ${COLUMNS} FROM users ORDER BY email COLLATE "C"`)).map(toTeamUser);
    },
    async revoke(email) {
      return (await db.run(`DELETE FROM users WHERE email = $1`, [normaliseEmail(email)])) > 0;
    },
    async authenticate(token) {
      if (!token.startsWith(PERSONAL_TOKEN_PREFIX)) return null;
      const row = await db.one<Row>(`SELECT ${COLUMNS} FROM users WHERE token_hash = $1`, [hashToken(token)]);
      if (!row) return null;
      const at = now();
      if (row.last_seen_at === null || at - row.last_seen_at > LAST_SEEN_EVERY_MS)
        await db.run(`UPDATE users SET last_seen_at = $1 WHERE email = $2`, [at, row.email]);
      return toTeamUser(row);
    },
    async size() {
      return (await db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM users`))!.n;
    },
    publicUrl: () => setting('public_url'),
    async setPublicUrl(url) {
      await putSetting('public_url', url);
    },
    setting,
    async setSetting(key, value) {
      await putSetting(key, value);
    },
    async exportRows() {
      const users = await db.rows<Row & { token_hash: string }>(
        `SELECT ${COLUMNS}, token_hash FROM users ORDER BY email COLLATE "C"`,
      );
      const settings = await db.rows<{ key: string; value: string }>(`SELECT key, value FROM team_settings`);
      return {
        users: users.map((r) => ({ ...toTeamUser(r), tokenHash: r.token_hash })),
        settings: Object.fromEntries(settings.map((r) => [r.key, r.value])),
      };
    },
    async importRows(rows) {
      await db.tx(async () => {
        for (const u of rows.users) {
          await db.run(
            `INSERT INTO users (email, role, token_hash, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (email) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash,
               created_at = excluded.created_at, last_seen_at = excluded.last_seen_at`,
            [u.email, parseRole(u.role), u.tokenHash, u.createdAt, u.lastSeenAt],
          );
        }
        for (const [key, value] of Object.entries(rows.settings)) await putSetting(key, value);
      });
    },
    close: () => db.end(),
  };
}
