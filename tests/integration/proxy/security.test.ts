import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../../../proxy/server';

/** Raw HTTP so the test controls Host and Origin exactly (fetch forbids setting Host). */
function call(port: number, path: string, headers: Record<string, string>, method = 'GET') {
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

describe('proxy trust boundary', () => {
  let proxy: RunningProxy;
  let dataDir: string;
  const host = () => `127.0.0.1:${proxy.port}`;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'sh-sec-')), 'data');
    proxy = await startProxy({ port: 0, dataDir });
  });
  afterAll(async () => {
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the status endpoint without a token', async () => {
    const res = await call(proxy.port, '/api/v1/status', { host: host() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true });
  });

  it('accepts the pairing token from an extension origin', async () => {
    const res = await call(proxy.port, '/api/v1/session', {
      host: `localhost:${proxy.port}`,
      authorization: `Bearer ${proxy.token}`,
      origin: 'chrome-extension://abcdefghijklmnop',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ paired: true });
  });

  it.each([
    ['no token', {}, 401, 'unauthorized'],
    ['a wrong token', { authorization: 'Bearer nope' }, 401, 'unauthorized'],
    ['a foreign Host', { authorization: 'TOKEN', host: 'evil.example:80' }, 403, 'forbidden_host'],
    [
      'a loopback name on another port',
      { authorization: 'TOKEN', host: '127.0.0.1:1' },
      403,
      'forbidden_host',
    ],
    [
      'a web page Origin',
      { authorization: 'TOKEN', origin: 'https://evil.example' },
      403,
      'forbidden_origin',
    ],
  ])('refuses a request with %s', async (_name, extra: Record<string, string>, status, code) => {
    const headers: Record<string, string> = { host: host(), ...extra };
    if (headers.authorization === 'TOKEN') headers.authorization = `Bearer ${proxy.token}`;
    const res = await call(proxy.port, '/api/v1/session', headers);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).error.code).toBe(code);
  });

  it('refuses a CORS preflight from a web page', async () => {
    const res = await call(
      proxy.port,
      '/api/v1/session',
      { host: host(), origin: 'http://attacker.test', 'access-control-request-method': 'GET' },
      'OPTIONS',
    );
    expect(res.status).toBe(403);
    expect(res.body).not.toContain(proxy.token);
  });

  it('keeps the data folder private and the token file readable by the owner only', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'pairing-token')).mode & 0o777).toBe(0o600);
  });

  it('listens on loopback only', async () => {
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return expect(proxy.url).toContain('127.0.0.1');
    await expect(
      new Promise((resolve, reject) => {
        const req = httpRequest(
          { host: external.address, port: proxy.port, path: '/api/v1/status' },
          resolve,
        );
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
