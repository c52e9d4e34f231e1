/**
 * `sync-health serve` as people start it: refusing a network address without TLS, refusing to start
 * without the secret key, serving https with a certificate made here, credentials unreadable on disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamFile } from '../../../proxy/cli/serve';
import { createCredentialStore } from '../../../proxy/connect/credential-store';
import { openTeamDirectory } from '../../../proxy/store/users';
import { runCli, stopChild } from '../connect/cli-harness';

const BIN = resolve(import.meta.dirname, '../../../bin/sync-health.js');
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('sync-health serve', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-serve-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a non-loopback address without TLS, naming the options that allow it', async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir], {
      SYNC_HEALTH_SECRET_KEY: KEY,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Refusing to serve on 0.0.0.0 without TLS');
    expect(run.stderr).toContain('--tls-cert FILE --tls-key FILE');
    expect(run.stderr).toContain('--behind-tls-proxy');
  });

  it('refuses an http public address other than loopback', async () => {
    const run = await runCli(
      ['serve', '--behind-tls-proxy', '--public-url', 'http://sync.example.com', '--data-dir', dataDir],
      { SYNC_HEALTH_SECRET_KEY: KEY },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must start with https://');
  });

  it('refuses to start without SYNC_HEALTH_SECRET_KEY and says how to make one', async () => {
    const run = await runCli(['serve', '--sandbox', '--port', '0', '--data-dir', dataDir], {
      SYNC_HEALTH_SECRET_KEY: '',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('openssl rand -base64 32');
    expect(run.stderr).toContain('SYNC_HEALTH_SECRET_KEY');
  });

  it('serves https with a self-signed certificate, reachable with that certificate trusted', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
    });
    const certFile = `${dataDir}-cert.pem`;
    const keyFile = `${dataDir}-key.pem`;
    writeFileSync(certFile, pems.cert);
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    const team = openTeamDirectory(teamFile(dataDir));
    const { token } = await team.add('ada@example.com', 'admin');
    await team.close();

    const child = spawn(
      process.execPath,
      [
        BIN,
        'serve',
        '--sandbox',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--tls-cert',
        certFile,
        '--tls-key',
        keyFile,
      ],
      { env: { ...process.env, SYNC_HEALTH_SECRET_KEY: KEY } },
    );
    try {
      let out = '';
      const port = await new Promise<number>((done, fail) => {
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on 127\.0\.0\.1:(\d+) \(https\)/.exec(out);
          if (m && out.includes('People:')) done(Number(m[1]));
        });
        child.stderr.on('data', (d) => {
          out += d;
        });
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
      });
      const get = (path: string, headers: Record<string, string>) =>
        new Promise<{ status: number; body: string }>((done, fail) => {
          const req = request(
            { host: '127.0.0.1', port, path, servername: 'localhost', ca: pems.cert, headers },
            (res) => {
              let body = '';
              res.on('data', (d) => {
                body += d;
              });
              res.on('end', () => done({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on('error', fail);
          req.end();
        });
      const session = await get('/api/v1/session', {
        host: `localhost:${port}`,
        authorization: `Bearer ${token}`,
      });
      expect(session.status).toBe(200);
      expect(JSON.parse(session.body).user).toEqual({ email: 'ada@example.com', role: 'admin' });
      // Without trusting the certificate, a client refuses the connection: it really is TLS.
      await expect(
        new Promise((done, fail) => {
          const req = request({ host: '127.0.0.1', port, path: '/api/v1/status' }, done);
          req.on('error', fail);
          req.end();
        }),
      ).rejects.toThrow(/self[- ]signed/i);
    } finally {
      await stopChild(child);
      rmSync(certFile, { force: true });
      rmSync(keyFile, { force: true });
    }
  });
});

describe('credentials on a shared server', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-sealed-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const hubspot = {
    token: 'pat-na1-very-secret-token',
    portalId: '4242',
    scopes: ['crm.objects.contacts.read'],
    missingScopes: [],
    connectedAt: 1,
  };

  it('are written encrypted: the file holds neither the token nor the portal id in clear', () => {
    const key = Buffer.from(KEY, 'base64');
    createCredentialStore(dataDir, { key }).write('hubspot', hubspot);
    const onDisk = readFileSync(join(dataDir, 'connections', 'hubspot.json'), 'utf8');
    expect(onDisk).not.toContain('very-secret');
    expect(onDisk).not.toContain('4242');
    expect(JSON.parse(onDisk).sealed).toBe('aes-256-gcm');
    expect(createCredentialStore(dataDir, { key }).read('hubspot')).toEqual(hubspot);
  });

  it('are refused with what to set when read without the key or with another key', () => {
    createCredentialStore(dataDir, { key: Buffer.from(KEY, 'base64') }).write('hubspot', hubspot);
    expect(() => createCredentialStore(dataDir, { key: null }).read('hubspot')).toThrow(
      /is encrypted: set SYNC_HEALTH_SECRET_KEY/,
    );
    expect(() => createCredentialStore(dataDir, { key: Buffer.alloc(32, 9) }).read('hubspot')).toThrow(
      /not the key these credentials were saved with/,
    );
  });

  it('saved in clear before the key was set are sealed when serve starts', async () => {
    createCredentialStore(dataDir, { key: null }).write('hubspot', hubspot);
    expect(readFileSync(join(dataDir, 'connections', 'hubspot.json'), 'utf8')).toContain('very-secret');
    // Started for real, stopped once it listens.
    const child = spawn(process.execPath, [BIN, 'serve', '--sandbox', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, SYNC_HEALTH_SECRET_KEY: KEY },
    });
    try {
      await new Promise<void>((done, fail) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('People:') || out.includes('No people yet')) done();
        });
        child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
      });
      const onDisk = readFileSync(join(dataDir, 'connections', 'hubspot.json'), 'utf8');
      expect(onDisk).not.toContain('very-secret');
      expect(createCredentialStore(dataDir, { key: Buffer.from(KEY, 'base64') }).read('hubspot')).toEqual(
        hubspot,
      );
    } finally {
      await stopChild(child);
    }
  });
});
