/** @module `sync-health users add|list|revoke`: the people of a shared server and their personal tokens. */
import { ensureDataDir } from '../config/data-dir';
import { openTeamDirectory, parseRole, TeamInputError } from '../store/users';
import { UsageError } from './args';
import type { Command } from './commands';
import { teamFile } from './serve';

const USAGE = `Usage: sync-health users add <email> --role admin|viewer [--server URL] [--data-dir DIR]
       sync-health users list [--data-dir DIR]
       sync-health users revoke <email> [--data-dir DIR]

  add      makes a personal token for that person and prints it once, with an invite link the side panel
           accepts (adding someone again gives them a new token; the old one stops working)
  list     who can use the server, their role and when they were last seen
  revoke   the person's token stops working on their next request
  --role   admin: everything; viewer: sees the health, cannot resync or change budget, mappings, settings
  --server the address people use (default: the --public-url "serve" was last started with)`;

/** The link the side panel's pairing screen accepts: the server's address, the token in the fragment
 * (a fragment is never sent to a server, so opening the link by mistake does not leak the token). */
export function inviteLink(server: string, token: string): string {
  return `${server.replace(/\/+$/, '')}/pair#token=${token}`;
}

export const usersCommand: Command = {
  summary: 'Add, list or revoke the people of a shared server (personal tokens and roles).',
  usage: USAGE,
  positionals: true,
  options: {
    role: { type: 'string' },
    server: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  async run(values, positionals = []) {
    const [action, email, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected "${extra.join(' ')}".\n\n${USAGE}`);
    const dataDir = ensureDataDir(values.dataDir);
    const team = openTeamDirectory(teamFile(dataDir));
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
        const { user, token, replaced } = team.add(email, parseRole(values.role));
        const server = typeof values.server === 'string' ? values.server : team.publicUrl();
        console.log(`${replaced ? 'New token for' : 'Added'} ${user.email} as ${user.role}.`);
        console.log(`Personal token (shown once, give it to ${user.email} only): ${token}`);
        console.log(
          server
            ? `Invite link (paste it in the side panel's pairing screen): ${inviteLink(server, token)}`
            : 'For an invite link, pass --server https://your-server (or start "serve" with --public-url).',
        );
        if (replaced) console.log('Their previous token no longer works.');
        return 0;
      }
      if (action === 'list') {
        if (email) throw new UsageError(`"users list" takes no e-mail.\n\n${USAGE}`);
        const people = team.list();
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
        if (!team.revoke(email)) {
          console.error(
            `Nobody with the e-mail ${email} on this server. "sync-health users list" shows who there is.`,
          );
          return 1;
        }
        console.log(
          `Revoked ${email.trim().toLowerCase()}: their token stops working on their next request.`,
        );
        return 0;
      }
      throw new UsageError(
        `${action ? `Unknown action "${action}". ` : ''}Actions: add, list, revoke.\n\n${USAGE}`,
      );
    } catch (err) {
      if (err instanceof TeamInputError) throw new UsageError(err.message);
      throw err;
    } finally {
      team.close();
    }
  },
};
