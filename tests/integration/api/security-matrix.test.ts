import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../proxy/app';
import { mountApiRoutes } from '../../../proxy/routes/api-routes';
import { type ApiHarness, startApiHarness } from './api-harness';

/** Every /api/v1 route the app serves, read from the app itself so that new routes are covered too. */
const ROUTES = [
  ...new Set(
    createApp({
      version: 'matrix',
      pairingToken: 'x',
      port: () => 1,
      apiRoutes: (api) => mountApiRoutes(api, { sync: () => null }),
    })
      .routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:\w+/g, '1')}`),
  ),
];

function call(port: number, method: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('every health-API route keeps the trust boundary', () => {
  let h: ApiHarness;
  let port: number;
  let token: string;
  beforeAll(async () => {
    h = await startApiHarness();
    port = h.running.proxy.port;
    token = h.running.proxy.token;
  });
  afterAll(() => h.close());

  it('covers the routes of every area', () => {
    for (const route of [
      'GET /api/v1/errors',
      'POST /api/v1/resync',
      'GET /api/v1/events',
      'PUT /api/v1/settings/allocation',
    ])
      expect(ROUTES).toContain(route);
  });

  describe.each(ROUTES)('%s', (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const host = () => `127.0.0.1:${port}`;
    const open = path === '/api/v1/status';

    it(
      open ? 'is the one route that answers without the token' : 'refuses a request without the token',
      async () => {
        const res = await call(port, method, path, { host: host() });
        expect(res.status).toBe(open ? 200 : 401);
        if (!open) expect(JSON.parse(res.body).error.code).toBe('unauthorized');
      },
    );

    it(open ? 'ignores a wrong token on the open route' : 'refuses a wrong token', async () => {
      const res = await call(port, method, path, { host: host(), authorization: 'Bearer not-the-token' });
      expect(res.status).toBe(open ? 200 : 401);
    });

    it('refuses a foreign Host even with the token', async () => {
      const res = await call(port, method, path, { host: 'evil.example', authorization: `Bearer ${token}` });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden_host');
    });

    it('refuses a web page Origin even with the token', async () => {
      const res = await call(port, method, path, {
        host: host(),
        origin: 'https://evil.example',
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('forbidden_origin');
    });

    it('refuses a CORS preflight from a web page', async () => {
      const res = await call(port, 'OPTIONS', path, {
        host: host(),
        origin: 'https://evil.example',
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization',
      });
      expect(res.status).toBe(403);
    });
  });
});
