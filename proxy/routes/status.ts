/** @module GET /api/v1/status: liveness, open to any local caller (no token). */
import { Hono } from 'hono';

export function createStatusRoutes(version: string) {
  return new Hono().get('/status', (c) => c.json({ ok: true as const, version }));
}
