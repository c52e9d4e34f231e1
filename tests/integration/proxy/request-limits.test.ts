import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';

type Proxy = Awaited<ReturnType<typeof startSandboxProxy>>;

interface Answer {
  status: number;
  body: string;
}

/**
 * Raw HTTP so the test chooses Content-Length or chunked, and sees what the server answers even when
 * it stops reading the body. `body` is sent in 64 KB chunks, `size` bytes in all.
 */
function send(
  port: number,
  init: { method?: string; path: string; headers?: Record<string, string>; size?: number; chunked?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const size = init.size ?? 0;
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      'content-type': 'application/json',
      ...init.headers,
    };
    if (size && !init.chunked) headers['content-length'] = String(size);
    // A connection of its own: one the server closed after refusing a body is never reused.
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: init.method ?? 'GET',
      path: init.path,
      headers,
      agent: false,
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    req.on('close', () => {
      sent = size;
    });
    pump();
  });
}

const errorOf = (a: Answer) => (JSON.parse(a.body) as { error: { code: string; message: string } }).error;

describe('request size limits over real HTTP', () => {
  let running: Proxy;
  let dataDir: string;
  const port = () => running.proxy.port;
  const auth = () => ({ authorization: `Bearer ${running.proxy.token}` });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-limits-'));
    running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['with Content-Length', false],
    ['chunked, with no length given', true],
  ])('refuses a 1 MB JSON body on /api/v1 %s with a 413 saying the limit', async (_how, chunked) => {
    const before = (await running.sync.store.settings()).allocation;
    const res = await send(port(), {
      method: 'PUT',
      path: '/api/v1/settings/allocation',
      headers: auth(),
      size: 1024 * 1024,
      chunked,
    });
    expect(res.status).toBe(413);
    expect(errorOf(res)).toEqual({
      code: 'payload_too_large',
      message:
        'The request body is larger than 256 KB, the most /api/v1/settings/allocation accepts. Send less per request (split the batch).',
    });
    expect((await running.sync.store.settings()).allocation).toBe(before);
  });

  it('still accepts a small body on /api/v1', async () => {
    const res = await fetch(`${running.proxy.url}/api/v1/settings/allocation`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ allocation: 1234 }),
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 to a 100 MB body without the token, without reading it first', async () => {
    const res = await send(port(), {
      method: 'PUT',
      path: '/api/v1/settings/allocation',
      size: 100 * 1024 * 1024,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a 40 MB body on the sandbox org with a 413', async () => {
    const res = await send(port(), {
      method: 'POST',
      path: '/sandbox/salesforce/services/data/v62.0/composite/sobjects',
      size: 40 * 1024 * 1024,
      chunked: true,
    });
    expect(res.status).toBe(413);
    expect(errorOf(res).code).toBe('payload_too_large');
  });

  it('still takes a 200-record sObject Collections create with every Description full (32,000 characters)', async () => {
    const session = running.sandboxes.salesforce.issueSession();
    const conn = new Connection({
      instanceUrl: `${running.proxy.url}/sandbox/salesforce`,
      accessToken: session.accessToken,
      version: '62.0',
    });
    const records = Array.from({ length: 200 }, (_, i) => ({
      Name: `Big ${i} ${'é'.repeat(200)}`,
      Description: '€'.repeat(32_000),
    }));
    const results = await conn.sobject('Account').create(records, { allOrNone: false });
    expect(results.filter((r) => r.success)).toHaveLength(200);
  });

  it('answers a 17 KB query string with a JSON 414, not a reset', async () => {
    const res = await send(port(), { path: `/api/v1/errors?q=${'x'.repeat(17 * 1024)}`, headers: auth() });
    expect(res.status).toBe(414);
    expect(errorOf(res).code).toBe('uri_too_long');
    expect(errorOf(res).message).toMatch(/at most 16384 are accepted/);
  });

  it('answers 20 KB of headers with a JSON 431', async () => {
    const res = await send(port(), {
      path: '/api/v1/errors',
      headers: { ...auth(), 'x-padding': 'y'.repeat(20 * 1024) },
    });
    expect(res.status).toBe(431);
    expect(errorOf(res).code).toBe('headers_too_large');
  });

  it('answers a 100 KB URL (past what Node parses) with a JSON 431, not a reset', async () => {
    const res = await send(port(), { path: `/api/v1/errors?q=${'x'.repeat(100 * 1024)}`, headers: auth() });
    expect(res.status).toBe(431);
    expect(errorOf(res).code).toBe('headers_too_large');
  });
});
