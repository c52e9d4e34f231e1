/**
 * @module GET /api/v1/status: liveness, whose store is shown and which replica runs the sync, open to any
 * caller the Host and Origin checks let through (no token: the Docker health check and the extension before
 * pairing ask it). What is inside stays with token holders: whose store it is (the org and portal ids and
 * names) goes to a valid token only (an admin's or a viewer's; `identity: null` to anyone else), and the
 * replicas' names (host names and process ids) to an admin's token only.
 */
import { Hono } from 'hono';
import type { SessionUser } from '../../shared/api/session-user';
import type { ReplicaStatus, StatusResponse, StoreIdentity } from '../../shared/api/status';

/**
 * Who runs the sync, in an admin's words ("The sync runs on replica b since 2026-12-02 06:40 UTC.");
 * `named: false` says it without the replicas' names (for callers that may not see them).
 */
export function replicaSummary(r: ReplicaStatus, named = true): string {
  const self = named ? ` This is replica ${r.replica}.` : '';
  if (!r.leader)
    return `No replica runs the sync right now (the one that did stopped); one of the others takes over within seconds.${self}`;
  const since = `${new Date(r.leader.since).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (r.role === 'leader')
    return named
      ? `The sync runs on this replica (${r.replica}) since ${since}.`
      : `The sync runs on this replica since ${since}.`;
  return named
    ? `The sync runs on replica ${r.leader.replica} since ${since}; this replica (${r.replica}) shows the same health and hands resyncs and runs to it.`
    : `The sync runs on another replica since ${since}; this one shows the same health and hands resyncs and runs to it.`;
}

/** The status answer's replica part; names only when `named`. */
export function replicaView(r: ReplicaStatus, named: boolean): NonNullable<StatusResponse['replica']> {
  const since = r.leader ? new Date(r.leader.since).toISOString() : null;
  const summary = replicaSummary(r, named);
  if (named) return { ...r, since, summary };
  return { role: r.role, leader: r.leader ? { since: r.leader.since } : null, since, summary };
}

export function createStatusRoutes(
  version: string,
  identity: () => StoreIdentity | null = () => null,
  replica: () => Promise<ReplicaStatus | null> | ReplicaStatus | null = () => null,
  /** Who the request's token belongs to, or null without a valid one. */
  callerOf: (authorization: string | undefined) => Promise<Pick<SessionUser, 'role'> | null> = async () =>
    null,
) {
  return new Hono().get('/status', async (c) => {
    const r = await replica();
    const caller = await callerOf(c.req.header('authorization'));
    const answer: StatusResponse = {
      ok: true,
      version,
      identity: caller ? identity() : null,
      ...(r ? { replica: replicaView(r, caller?.role === 'admin') } : {}),
    };
    return c.json(answer);
  });
}
