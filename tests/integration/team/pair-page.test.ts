/**
 * The shared server's /pair page over real HTTP: what an invite link opens in a browser. Same Host check
 * as the API, a CSP that lets only its own script and style run, and nothing secret in what it serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { type RunningSandbox, startTeamServer, type TeamServer } from '../../team-server';

const get = (base: string, path: string, host?: string) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (done, fail) => {
      const req = request(`${base}${path}`, { headers: host ? { host } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', fail);
      req.end();
    },
  );

describe("the shared server's pairing page", () => {
  let server: TeamServer;
  let running: RunningSandbox;
  let token: string;

  beforeEach(async () => {
    server = await startTeamServer({
      name: 'pair',
      people: { 'ada@example.com': 'admin' },
      publicHosts: ['sync.example.com'],
      publicUrl: 'https://sync.example.com',
    });
    running = server.running;
    token = server.tokens['ada@example.com']!;
  });
  afterEach(() => server.close());

  it('says how to install and pair, with the public address, under a CSP that allows only its own script and style', async () => {
    const page = await get(running.proxy.internalUrl, '/pair', 'sync.example.com');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<code data-testid="server">https://sync.example.com</code>');
    expect(page.body).toContain('Proxy or team server address');
    expect(page.body).not.toMatch(/<script>|<style>| on\w+=/);
    // Nothing of the server's secrets: no token of anyone, no pairing token, no internal address.
    for (const secret of [token, running.proxy.token, running.proxy.internalUrl]) {
      expect(page.body).not.toContain(secret);
    }
    const script = await get(running.proxy.internalUrl, '/pair/pair.js', 'sync.example.com');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toContain('location.hash');
    expect((await get(running.proxy.internalUrl, '/pair/pair.css', 'sync.example.com')).status).toBe(200);
  });

  it('refuses a foreign host name, as the API does', async () => {
    const page = await get(running.proxy.internalUrl, '/pair', 'evil.example.net');
    expect(page.status).toBe(403);
    expect(page.body).toContain('forbidden_host');
  });

  it('sends the same kind of security headers with every API answer', async () => {
    const status = await get(running.proxy.internalUrl, '/api/v1/status', 'sync.example.com');
    expect(status.status).toBe(200);
    expect(String(status.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(status.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the local proxy', () => {
  let dataDir: string;
  let running: RunningSandbox;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-pair-local-'));
    running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  });
  afterEach(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has no pairing page (it makes no invites)', async () => {
    expect((await get(running.proxy.url, '/pair')).status).toBe(404);
  });
});
