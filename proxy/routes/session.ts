/** @module GET /api/v1/session: proves the pairing token works. */
import { Hono } from 'hono';
import '../http/team-auth';

export function createSessionRoutes(info: { version: string; mode: () => 'sandbox' | 'connected' }) {
  return new Hono().get('/session', (c) =>
    // Who the token belongs to, so the panel can say why a viewer's buttons are off.
    c.json({ paired: true as const, version: info.version, mode: info.mode(), user: c.get('caller') }),
  );
}
