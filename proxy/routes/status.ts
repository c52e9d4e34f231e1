/** @module GET /api/v1/status: liveness, whose store is shown and which replica runs the sync, open to any local caller (no token). */
import { Hono } from 'hono';
import type { ReplicaStatus, StatusResponse, StoreIdentity } from '../../shared/api/status';

/** Who runs the sync, in an admin's words ("The sync runs on replica b since 2026-12-02 06:40 UTC."). */
export function replicaSummary(r: ReplicaStatus): string {
  if (!r.leader)
    return `No replica runs the sync right now (the one that did stopped); one of the others takes over within seconds. This is replica ${r.replica}.`;
  const since = `${new Date(r.leader.since).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return r.role === 'leader'
    ? `The sync runs on this replica (${r.replica}) since ${since}.`
    : `The sync runs on replica ${r.leader.replica} since ${since}; this replica (${r.replica}) shows the same health and hands resyncs and runs to it.`;
}

export function createStatusRoutes(
  version: string,
  identity: () => StoreIdentity | null = () => null,
  replica: () => Promise<ReplicaStatus | null> | ReplicaStatus | null = () => null,
) {
  return new Hono().get('/status', async (c) => {
    const r = await replica();
    const answer: StatusResponse = {
      ok: true,
      version,
      identity: identity(),
      ...(r
        ? {
            replica: {
              ...r,
              since: r.leader ? new Date(r.leader.since).toISOString() : null,
              summary: replicaSummary(r),
            },
          }
        : {}),
    };
    return c.json(answer);
  });
}
