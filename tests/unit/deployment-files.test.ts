/**
 * A lint of the Dockerfile and compose.yaml, because no Docker daemon runs where the tests run: the
 * stages, the non-root user, the health check, that every file copied exists and is not excluded, and
 * that the command line they start parses with `sync-health serve`'s own options.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../proxy/cli/serve';
import { parseServeDatabase } from '../../proxy/cli/serve-options';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Dockerfile instructions with their continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const KNOWN = new Set([
  'FROM',
  'WORKDIR',
  'RUN',
  'COPY',
  'ENV',
  'USER',
  'VOLUME',
  'EXPOSE',
  'HEALTHCHECK',
  'ENTRYPOINT',
  'CMD',
  'ARG',
  'LABEL',
]);

describe('the Dockerfile', () => {
  const steps = instructions(read('Dockerfile'));

  it('uses only known instructions and builds in two stages on node:20-bookworm-slim', () => {
    for (const s of steps) expect(KNOWN.has(s.op), `unknown instruction ${s.op}`).toBe(true);
    const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f.startsWith('node:20-bookworm-slim')).toBe(true);
  });

  it('runs the server as a non-root user with the data folder on a volume', () => {
    const lastStage = steps.slice(steps.map((s) => s.op).lastIndexOf('FROM'));
    const user = lastStage.filter((s) => s.op === 'USER').pop();
    expect(user?.args).toBeDefined();
    expect(['root', '0']).not.toContain(user!.args);
    expect(lastStage.some((s) => s.op === 'VOLUME' && s.args.includes('/data'))).toBe(true);
    expect(lastStage.some((s) => s.op === 'ENV' && s.args.includes('SYNC_HEALTH_DATA_DIR=/data'))).toBe(true);
  });

  it('checks its health on /api/v1/status', () => {
    const check = steps.find((s) => s.op === 'HEALTHCHECK');
    expect(check?.args).toContain('/api/v1/status');
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const copies = steps.filter((s) => s.op === 'COPY' && !s.args.includes('--from='));
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) {
      const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
        expect(ignored, `${source} is not excluded`).not.toContain(source);
      }
    }
  });

  it('starts "sync-health serve" with options the command accepts, off loopback only behind TLS', () => {
    const cmd = JSON.parse(steps.find((s) => s.op === 'CMD')!.args) as string[];
    expect(cmd[0]).toBe('serve');
    const { values } = parseArgs({ args: cmd.slice(1), options: serveCommand.options, strict: true });
    expect(values.host).toBe('0.0.0.0');
    expect(values['behind-tls-proxy'] || values['tls-cert']).toBeTruthy();
  });
});

describe('compose.yaml', () => {
  const text = read('compose.yaml');

  it('builds this Dockerfile, keeps the data on a named volume and requires the secret key', () => {
    expect(text).toMatch(/^\s+build: \.$/m);
    expect(text).toMatch(/^\s+- sync-health-data:\/data$/m);
    expect(text).toMatch(/SYNC_HEALTH_SECRET_KEY: \$\{SYNC_HEALTH_SECRET_KEY:\?/);
  });

  it('publishes the port on loopback only, for the TLS proxy in front', () => {
    expect(text).toMatch(/- "127\.0\.0\.1:8787:8787"/);
  });

  it('keeps the sync store in a postgres:15 service the server waits for, password required and unpublished', () => {
    expect(text).toMatch(/^ {2}postgres:\n {4}image: postgres:15$/m);
    const postgres = /^ {2}postgres:\n((?: {4}.*\n|\n)+)/m.exec(text)![1]!;
    expect(postgres).toMatch(/POSTGRES_PASSWORD: \$\{SYNC_HEALTH_DB_PASSWORD:\?/);
    expect(postgres).toMatch(/pg_isready/);
    expect(postgres).toMatch(/- sync-health-pg:\/var\/lib\/postgresql\/data/);
    expect(postgres).not.toMatch(/ports:/);
    const url = /SYNC_HEALTH_DATABASE_URL: (.+)$/m.exec(text)![1]!;
    expect(url).toMatch(
      /^postgres:\/\/sync_health:\$\{SYNC_HEALTH_DB_PASSWORD:\?[^}]*\}@postgres:5432\/sync_health$/,
    );
    // The URL the server gets, with a password filled in, is one serve takes.
    const filled = url.replace(/\$\{SYNC_HEALTH_DB_PASSWORD:\?[^}]*\}/, 'a1b2c3');
    expect(parseServeDatabase(undefined, filled)).toBe(
      'postgres://sync_health:a1b2c3@postgres:5432/sync_health',
    );
    expect(text).toMatch(/depends_on:\n\s+postgres:\n\s+condition: service_healthy/);
  });

  it('passes serve options the command accepts', () => {
    const block = /command:\n((?:\s+- .+\n)+)/.exec(text)![1]!;
    const args = block
      .split('\n')
      .map((l) =>
        l
          .trim()
          .replace(/^- /, '')
          .replace(/^"(.*)"$/, '$1'),
      )
      .filter(Boolean)
      .map((a) => (a.startsWith('${') ? 'https://sync.example.com' : a));
    expect(args[0]).toBe('serve');
    expect(() =>
      parseArgs({ args: args.slice(1), options: serveCommand.options, strict: true }),
    ).not.toThrow();
  });
});
