/** @module GET /api/v1/session: proves the pairing token works. */
import { Hono } from 'hono';

export function createSessionRoutes(info: { version: string; mode: () => 'sandbox' | 'connected' }) {
  return new Hono().get('/session', (c) =>
    c.json({ paired: true as const, version: info.version, mode: info.mode() }),
  );
}
