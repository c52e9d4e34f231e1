/** @module Access and refresh tokens of the integration user: issue, check (with expiry on the injected clock), revoke. */
import { randomBytes } from 'node:crypto';
import type { OrgState } from './org-state';
import { SfError } from './sf-format';

const token = (state: OrgState) =>
  `${state.org.orgId.slice(0, 15)}!AQ${randomBytes(32).toString('base64url')}`;

export function issueTokens(
  state: OrgState,
  now: number,
  ttlSeconds: number,
  clientId: string,
  refreshToken: string | null,
): { accessToken: string; refreshToken: string | null } {
  const accessToken = token(state);
  state.sessions[accessToken] = { refreshToken, clientId, expiresAt: now + ttlSeconds * 1000 };
  return { accessToken, refreshToken };
}

export function newRefreshToken(state: OrgState, clientId: string): string {
  const refreshToken = `5Aep861${randomBytes(40).toString('base64url')}`;
  state.refreshTokens[refreshToken] = { clientId };
  return refreshToken;
}

/** Checks `Authorization: Bearer <token>` (or the legacy `OAuth <token>`); an expired or unknown token is a 401. */
export function authenticate(state: OrgState, now: number, header: string | undefined): void {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header ?? '');
  const session = match ? state.sessions[match[1]] : undefined;
  if (!session || session.expiresAt <= now) {
    if (match && session) delete state.sessions[match[1]];
    throw new SfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  }
}

/** Revokes an access token, or a refresh token together with every access token minted from it. */
export function revokeToken(state: OrgState, value: string): boolean {
  if (state.sessions[value]) {
    delete state.sessions[value];
    return true;
  }
  if (!state.refreshTokens[value]) return false;
  delete state.refreshTokens[value];
  for (const [access, session] of Object.entries(state.sessions)) {
    if (session.refreshToken === value) delete state.sessions[access];
  }
  return true;
}

export function revokeAllTokens(state: OrgState): void {
  state.sessions = {};
  state.refreshTokens = {};
}

/** Ends every access token now; refresh tokens stay valid, so a client that refreshes recovers. */
export function expireAllTokens(state: OrgState, now: number): void {
  for (const session of Object.values(state.sessions)) session.expiresAt = Math.min(session.expiresAt, now);
}
