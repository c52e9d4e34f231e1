/**
 * @module Who is calling: a person of the shared server (personal token, role admin or viewer), or, on
 * the local proxy, the pairing token as the one implicit admin. Viewers may read and nothing else.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { SessionUser } from '../../shared/api/session-user';
import { apiError } from '../../shared/api-error';
import { tokenMatches } from '../config/pairing-token';
import type { TeamDirectory } from '../store/users';

declare module 'hono' {
  interface ContextVariableMap {
    caller: SessionUser;
  }
}

/** The caller of the local proxy: whoever holds the pairing token is its admin. */
export const LOCAL_ADMIN: SessionUser = { email: null, role: 'admin' };

function bearerToken(header: string | undefined): string {
  const value = header ?? '';
  return value.startsWith('Bearer ') ? value.slice(7).trim() : '';
}

/**
 * How /api/v1 callers are recognised. `team` (serve mode): only personal tokens; the pairing token of
 * the data folder is not a way in, so every action has a name on it. Without `team`: the pairing token.
 */
export interface CallerAuth {
  pairingToken: string;
  team?: TeamDirectory;
}

/** The caller an Authorization header names, or null (no token, a wrong or revoked one). */
export async function callerOf(
  auth: CallerAuth,
  authorization: string | undefined,
): Promise<SessionUser | null> {
  const presented = bearerToken(authorization);
  if (!presented) return null;
  if (auth.team) {
    const user = await auth.team.authenticate(presented);
    return user ? { email: user.email, role: user.role } : null;
  }
  return tokenMatches(auth.pairingToken, presented) ? LOCAL_ADMIN : null;
}

/** Requires a token and sets `c.get('caller')`; 401 with what to do otherwise. */
export function requireCaller(auth: CallerAuth): MiddlewareHandler {
  return async (c, next) => {
    const presented = bearerToken(c.req.header('authorization'));
    if (auth.team) {
      const user = presented ? await auth.team.authenticate(presented) : null;
      if (!user) {
        return c.json(
          apiError(
            'unauthorized',
            presented
              ? 'This personal token is not valid on this server (revoked, replaced, or mistyped). Ask an admin of the server to run "sync-health users add <your e-mail> --role admin|viewer" and paste the new token.'
              : 'Missing personal token. Send "Authorization: Bearer <token>"; an admin of the server makes one with "sync-health users add <your e-mail>".',
          ),
          401,
        );
      }
      c.set('caller', { email: user.email, role: user.role });
      return next();
    }
    if (!presented || !tokenMatches(auth.pairingToken, presented)) {
      return c.json(
        apiError(
          'unauthorized',
          presented
            ? 'The pairing token is wrong. Copy the token the proxy printed at start (or from <data-dir>/pairing-token) into the extension options.'
            : 'Missing pairing token. Send "Authorization: Bearer <token>"; the proxy prints the token at start.',
        ),
        401,
      );
    }
    c.set('caller', LOCAL_ADMIN);
    return next();
  };
}

/** Reads: open to viewers. Everything else (resync, allocation, mappings, settings, setup, views) is not. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 403 for a viewer's change, in words: what they can do and who can give them more. */
export function refuseViewerChanges(): MiddlewareHandler {
  return async (c, next) => {
    const caller = c.get('caller');
    if (caller?.role === 'viewer' && !READ_METHODS.has(c.req.method)) {
      return c.json(apiError('forbidden_role', viewerRefusal(caller.email)), 403);
    }
    return next();
  };
}

export function viewerRefusal(email: string | null): string {
  const who = email ?? 'you';
  return `${who} can view this server's sync health but not change it: viewers cannot resync records or change the API budget, mappings or settings. Ask an admin of the server to run "sync-health users add ${email ?? '<your e-mail>'} --role admin".`;
}

/** The person an action is recorded under (null on the local proxy: its one admin). */
export function actorOf(c: Context): string | null {
  return c.get('caller')?.email ?? null;
}
