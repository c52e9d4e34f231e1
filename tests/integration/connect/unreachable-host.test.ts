import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectionManager } from '../../../proxy/connect/connection-manager';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('connecting a Salesforce token tells an unreachable host from a refused token', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sh-unreach-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const manager = () => createConnectionManager({ dataDir: dir, origin: () => '' });

  it('says it could not reach the host when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(manager().connectToken(url, 'a-token')).rejects.toThrow(
      `Could not reach Salesforce at ${url} (ECONNREFUSED). Check the instance URL and the network (proxy, VPN), then connect again.`,
    );
  });

  it('says the address is not Salesforce when another server answers there', async () => {
    const app = new Hono().all('*', (c) => c.text('Not found', 404));
    const server = await new Promise<ReturnType<typeof serve>>((done) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(manager().connectToken(url, 'a-token')).rejects.toThrow(
        `${url} did not answer like Salesforce (HTTP 404).`,
      );
    } finally {
      server.close();
    }
  });
});
