/** @module What `sync-health serve` is told, checked before anything listens: address, TLS, public names. */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { UsageError } from './args';

export interface ServeListen {
  host: string;
  tls?: { cert: string; key: string };
  behindTlsProxy: boolean;
  publicUrls: string[];
  /** Host header values accepted besides loopback. */
  publicHosts: string[];
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect, so plain http is no risk on the wire. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

function readPem(flag: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `Cannot read ${flag} ${file} (${code === 'ENOENT' ? 'no such file' : code}). Give the path of a PEM file.`,
    );
  }
  if (!text.includes('-----BEGIN ')) {
    throw new UsageError(
      `${flag} ${file} is not a PEM file (no "-----BEGIN" line). Give the PEM file itself.`,
    );
  }
  return text;
}

/**
 * Checks the listening options: a non-loopback address needs TLS (`--tls-cert` + `--tls-key`) or an
 * explicit `--behind-tls-proxy`; `--public-url` must be https unless it names loopback.
 */
export function parseServeListen(
  values: Record<string, string | boolean | string[] | undefined>,
  port: number,
): ServeListen {
  const host = typeof values.host === 'string' ? values.host.trim() : '127.0.0.1';
  if (!host || (!isIP(host.replace(/^\[|\]$/g, '')) && !/^[a-z0-9.-]+$/i.test(host))) {
    throw new UsageError(
      `Invalid --host "${String(values.host)}". Give an address to listen on: 127.0.0.1, 0.0.0.0 (all), or one of this machine's addresses.`,
    );
  }
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((typeof certFile === 'string') !== (typeof keyFile === 'string')) {
    throw new UsageError(
      'Give both --tls-cert FILE and --tls-key FILE (the certificate and its private key, PEM), or neither.',
    );
  }
  const tls =
    typeof certFile === 'string' && typeof keyFile === 'string'
      ? { cert: readPem('--tls-cert', certFile), key: readPem('--tls-key', keyFile) }
      : undefined;
  const behindTlsProxy = values['behind-tls-proxy'] === true;
  if (tls && behindTlsProxy) {
    throw new UsageError(
      'Give either --tls-cert/--tls-key (this server speaks https) or --behind-tls-proxy (a proxy in front does), not both.',
    );
  }
  if (!isLoopbackHost(host) && !tls && !behindTlsProxy) {
    throw new UsageError(
      `Refusing to serve on ${host} without TLS: personal tokens would cross the network in clear. ` +
        'Give --tls-cert FILE --tls-key FILE, or --behind-tls-proxy when a reverse proxy in front terminates https ' +
        '(then bind it to an address only that proxy reaches), or use --host 127.0.0.1.',
    );
  }
  const raw = values['public-url'];
  const urls = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).flatMap((v) => v.split(','));
  const publicHosts: string[] = [];
  const publicUrls: string[] = [];
  for (const value of urls.map((u) => u.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`Invalid --public-url "${value}". Example: --public-url https://sync.example.com`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new UsageError(
        `--public-url "${value}" must start with https:// (people's tokens travel on it); http:// only for 127.0.0.1 or localhost.`,
      );
    }
    if (url.pathname !== '/' || url.search || url.hash) {
      throw new UsageError(`--public-url "${value}" must be an origin only, like https://sync.example.com`);
    }
    publicHosts.push(url.host.toLowerCase());
    publicUrls.push(url.origin);
  }
  // Reaching the server by the address it was given (an IP on the LAN) is fine too.
  if (!WILDCARDS.has(host) && !isLoopbackHost(host) && port !== 0) {
    publicHosts.push(`${(isIP(host) === 6 ? `[${host}]` : host).toLowerCase()}:${port}`);
  }
  return { host, tls, behindTlsProxy, publicUrls, publicHosts };
}

/**
 * `value` with whatever sits between the user's `:` and the last `@` masked. Written by hand because
 * `URL` reads `ada:secret@db/x` (no `//`) as a scheme and a path, so its password field would miss it.
 */
export function maskPassword(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const scheme = value.indexOf('://');
  const colon = value.indexOf(':', scheme >= 0 && scheme < at ? scheme + 3 : 0);
  return colon < 0 || colon > at ? value : `${value.slice(0, colon + 1)}***${value.slice(at)}`;
}

/**
 * The shared server's database: `--database` wins over SYNC_HEALTH_DATABASE_URL; neither keeps the sync's
 * store in the data folder (SQLite). Only a postgres:// (or postgresql://) URL is taken.
 */
export function parseServeDatabase(
  option: string | undefined,
  env: string | undefined = process.env.SYNC_HEALTH_DATABASE_URL,
): string | undefined {
  const fromOption = option !== undefined;
  const value = (fromOption ? option : env)?.trim();
  if (!value) {
    if (fromOption) {
      throw new UsageError(
        '--database is empty. Give a PostgreSQL URL: --database postgres://user:password@host:5432/sync_health',
      );
    }
    return undefined;
  }
  const where = fromOption ? '--database' : 'SYNC_HEALTH_DATABASE_URL';
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !/^postgres(ql)?:$/i.test(url.protocol) || !url.hostname) {
    throw new UsageError(
      `${where} "${maskPassword(value)}" is not a PostgreSQL URL. Give postgres://user:password@host:5432/database, ` +
        `or leave ${where} out to keep the store in the data folder.`,
    );
  }
  return value;
}
