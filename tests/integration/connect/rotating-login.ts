/**
 * @module A login host with refresh-token rotation on (as a Salesforce connected app can be set up),
 * built in front of the embedded org: every token answer carries a NEW refresh token and the one used
 * stops working. Everything else is the org's own answer, forwarded unchanged.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startRotatingLogin(orgLoginUrl: string) {
  /** Refresh token handed out → the org's real one. */
  const issued = new Map<string, string>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks).toString();
    const isToken = req.method === 'POST' && req.url?.startsWith('/services/oauth2/token');
    if (isToken) {
      const form = new URLSearchParams(body);
      const given = form.get('refresh_token');
      if (given) {
        form.set('refresh_token', issued.get(given) ?? 'rotated-away');
        issued.delete(given);
        body = form.toString();
      }
    }
    const answer = await fetch(`${orgLoginUrl}${req.url}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' },
      body: req.method === 'GET' ? undefined : body,
      redirect: 'manual',
    });
    let text = await answer.text();
    if (isToken && answer.ok) {
      const json = JSON.parse(text) as { refresh_token?: string };
      if (json.refresh_token) {
        const fresh = `5Aep861rot${randomBytes(24).toString('base64url')}`;
        issued.set(fresh, json.refresh_token);
        json.refresh_token = fresh;
        text = JSON.stringify(json);
      }
    }
    const headers: Record<string, string> = {
      'content-type': answer.headers.get('content-type') ?? 'text/plain',
    };
    const location = answer.headers.get('location');
    if (location) headers.location = location;
    res.writeHead(answer.status, headers).end(text);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
