/** @module `sync-health users add|role|list|revoke`: the people of a shared server and their personal tokens. */
import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ensureDataDir } from '../config/data-dir';
import { readSecretKey } from '../config/secret-key';
import { openStore } from '../store/index';
import { openPgStore } from '../store/pg/index';
import { parseRole, TeamInputError } from '../store/users';
import { UsageError } from './args';
import type { Command } from './commands';
import { parseServeDatabase } from './serve-options';
import { openTeamStorage } from './team-storage';

const USAGE = `Usage: sync-health users add <email> --role admin|viewer [--server URL] [--data-dir DIR] [--database URL]
       sync-health users role <email> admin|viewer [--data-dir DIR] [--database URL]
       sync-health users list [--data-dir DIR] [--database URL]
       sync-health users revoke <email> [--data-dir DIR] [--database URL]

  add        makes a personal token for that person and prints it once, with an invite link the side panel
             accepts (adding someone again gives them a new token; the old one stops working)
  role       changes a person's role; their token keeps working
  list       who can use the server, their role and when they were last seen
  revoke     the person's token stops working on their next request
  --role     admin: everything; viewer: sees the health, cannot resync or change budget, mappings, settings
  --server   the address people use (default: the --public-url "serve" was last started with)
  --database the PostgreSQL database "serve --database" runs on (default: SYNC_HEALTH_DATABASE_URL when set);
             without it, the people are in the data folder's team.db

  Each add, role change and revoke is written to the server's activity list as made by
  "command line on <this machine's name>".`;

/** The link the side panel's pairing screen accepts: the server's address, the token in the fragment
 * (a fragment is never sent to a server, so opening the link by mistake does not leak the token). */
export function inviteLink(server: string, token: string): string {
  return `${server.replace(/\/+$/, '')}/pair#token=${token}`;
}

/** Who a change made with this command is recorded under in the activity list. */
export const cliActor = (host = hostname()) => `command line on ${host}`;

/**
 * Writes a change of the people to the activity list (GET /api/v1/activity) of the sync the server runs:
 * with --database, the one store in that database; in a data folder, every sync store there (the sandbox
 * and each connected pair keep their own list, and the people are the same for all of them).
 */
async function recordPeopleChange(
  where: { dataDir: string; database?: string },
  action: string,
  summary: string,
): Promise<void> {
  const entry = { at: Date.now(), actor: cliActor(), action, summary };
  if (where.database) {
    const store = await openPgStore(where.database);
    try {
      await store.recordActivity(entry);
    } finally {
      await store.close();
    }
    return;
  }
  const stores = join(where.dataDir, 'stores');
  if (!existsSync(stores)) return;
  for (const identity of readdirSync(stores)) {
    const file = join(stores, identity, 'sync.db');
    if (!existsSync(file)) continue;
    const store = openStore(file);
    try {
      await store.recordActivity(entry);
    } finally {
      await store.close();
    }
  }
}

export const usersCommand: Command = {
  summary: 'Add, list or revoke the people of a shared server (personal tokens and roles).',
  usage: USAGE,
  positionals: true,
  options: {
    role: { type: 'string' },
    server: { type: 'string' },
    'data-dir': { type: 'string' },
    database: { type: 'string' },
  },
  async run(values, positionals = []) {
    const [action, email, ...extra] = positionals;
    const roleArg = action === 'role' ? extra.shift() : undefined;
    if (extra.length) throw new UsageError(`Unexpected "${extra.join(' ')}".\n\n${USAGE}`);
    const database = parseServeDatabase(values.database as string | undefined);
    const dataDir = ensureDataDir(values.dataDir);
    // The key only opens sealed team alert settings while copying team.db in; people need none.
    const { team, imported } = await openTeamStorage({ dataDir, database, key: readSecretKey() });
    if (imported) console.log(imported);
    const where = { dataDir, database };
    try {
      if (action === 'add') {
        if (!email)
          throw new UsageError(
            `Give the person's e-mail: sync-health users add ada@example.com --role admin`,
          );
        if (values.role === undefined) {
          throw new UsageError(
            'Give --role admin (everything) or --role viewer (sees the health, changes nothing).',
          );
        }
        const role = parseRole(values.role);
        const before = (await team.list()).find((u) => u.email === email.trim().toLowerCase());
        const { user, token, replaced } = await team.add(email, role);
        const server = typeof values.server === 'string' ? values.server : await team.publicUrl();
        console.log(`${replaced ? 'New token for' : 'Added'} ${user.email} as ${user.role}.`);
        console.log(`Personal token (shown once, give it to ${user.email} only): ${token}`);
        console.log(
          server
            ? `Invite link (paste it in the side panel's pairing screen): ${inviteLink(server, token)}`
            : 'For an invite link, pass --server https://your-server (or start "serve" with --public-url).',
        );
        if (replaced) console.log('Their previous token no longer works.');
        const roleWords =
          before && before.role !== user.role
            ? ` and changed their role from ${before.role} to ${user.role}`
            : '';
        await recordPeopleChange(
          where,
          replaced ? 'person-new-token' : 'person-added',
          replaced
            ? `Gave ${user.email} a new personal token${roleWords}: their previous token no longer works.`
            : `Added ${user.email} as ${user.role === 'admin' ? 'an admin' : 'a viewer'}.`,
        );
        return 0;
      }
      if (action === 'role') {
        if (!email || roleArg === undefined)
          throw new UsageError(
            'Give the e-mail and the new role: sync-health users role ada@example.com viewer',
          );
        const changed = await team.setRole(email, parseRole(roleArg));
        if (!changed) {
          console.error(
            `Nobody with the e-mail ${email} on this server. "sync-health users list" shows who there is.`,
          );
          return 1;
        }
        const { user, previous } = changed;
        if (previous === user.role) {
          console.log(
            `${user.email} is already ${user.role === 'admin' ? 'an admin' : 'a viewer'}: nothing changed.`,
          );
          return 0;
        }
        console.log(
          `${user.email} is now ${user.role === 'admin' ? 'an admin' : 'a viewer'} (was ${previous}); their token keeps working.`,
        );
        await recordPeopleChange(
          where,
          'person-role',
          `Changed ${user.email}'s role from ${previous} to ${user.role}.`,
        );
        return 0;
      }
      if (action === 'list') {
        if (email) throw new UsageError(`"users list" takes no e-mail.\n\n${USAGE}`);
        const people = await team.list();
        if (!people.length) {
          console.log('Nobody yet. Add someone: sync-health users add ada@example.com --role admin');
          return 0;
        }
        for (const u of people) {
          const seen = u.lastSeenAt ? `last seen ${new Date(u.lastSeenAt).toISOString()}` : 'never used';
          console.log(
            `${u.email.padEnd(32)} ${u.role.padEnd(7)} added ${new Date(u.createdAt).toISOString()}, ${seen}`,
          );
        }
        return 0;
      }
      if (action === 'revoke') {
        if (!email)
          throw new UsageError('Give the e-mail to revoke: sync-health users revoke ada@example.com');
        if (!(await team.revoke(email))) {
          console.error(
            `Nobody with the e-mail ${email} on this server. "sync-health users list" shows who there is.`,
          );
          return 1;
        }
        const address = email.trim().toLowerCase();
        console.log(`Revoked ${address}: their token stops working on their next request.`);
        await recordPeopleChange(
          where,
          'person-revoked',
          `Revoked ${address}'s access: their personal token no longer works.`,
        );
        return 0;
      }
      throw new UsageError(
        `${action ? `Unknown action "${action}". ` : ''}Actions: add, role, list, revoke.\n\n${USAGE}`,
      );
    } catch (err) {
      if (err instanceof TeamInputError) throw new UsageError(err.message);
      throw err;
    } finally {
      await team.close();
    }
  },
};
