/** @module GET /api/v1/status: liveness and whose store is shown, open to any local caller (no token). */
import { Hono } from 'hono';
import type { StatusResponse, StoreIdentity } from '../../shared/api/status';

export function createStatusRoutes(version: string, identity: () => StoreIdentity | null = () => null) {
  return new Hono().get('/status', (c) =>
    c.json({ ok: true, version, identity: identity() } satisfies StatusResponse),
  );
}
