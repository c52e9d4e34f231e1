import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { isLoopbackHost, parseServeDatabase, parseServeListen } from './serve-options';

describe('serve listening options', () => {
  it('treats 127.0.0.0/8, ::1 and localhost as loopback, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.5', '::', 'sync.example.com']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('serves loopback without TLS, and a network address only with TLS or behind a TLS proxy', () => {
    expect(parseServeListen({}, 8787)).toMatchObject({ host: '127.0.0.1', behindTlsProxy: false });
    expect(() => parseServeListen({ host: '10.0.0.5' }, 8787)).toThrow(UsageError);
    expect(() => parseServeListen({ host: '10.0.0.5' }, 8787)).toThrow(
      /Refusing to serve on 10\.0\.0\.5 without TLS/,
    );
    expect(parseServeListen({ host: '10.0.0.5', 'behind-tls-proxy': true }, 8787).publicHosts).toEqual([
      '10.0.0.5:8787',
    ]);
  });

  it('asks for both TLS files, and for PEM ones', () => {
    expect(() => parseServeListen({ host: '0.0.0.0', 'tls-cert': '/nonexistent.pem' }, 1)).toThrow(
      /Give both --tls-cert FILE and --tls-key FILE/,
    );
    expect(() =>
      parseServeListen({ host: '0.0.0.0', 'tls-cert': '/nonexistent.pem', 'tls-key': '/nonexistent.key' }, 1),
    ).toThrow(/Cannot read --tls-cert \/nonexistent\.pem \(no such file\)/);
  });

  it('accepts https public addresses (several, comma-separated or repeated) as Host names, with their port', () => {
    const listen = parseServeListen(
      {
        host: '0.0.0.0',
        'behind-tls-proxy': true,
        'public-url': ['https://Sync.Example.com', 'https://sync.example.com:8443,https://other.example.org'],
      },
      8787,
    );
    expect(listen.publicHosts).toEqual(['sync.example.com', 'sync.example.com:8443', 'other.example.org']);
    expect(listen.publicUrls[0]).toBe('https://sync.example.com');
  });

  it('refuses a public address that is plain http off loopback, or that carries a path', () => {
    expect(() => parseServeListen({ 'public-url': 'http://sync.example.com' }, 1)).toThrow(
      /must start with https/,
    );
    expect(parseServeListen({ 'public-url': 'http://localhost:8787' }, 1).publicHosts).toEqual([
      'localhost:8787',
    ]);
    expect(() => parseServeListen({ 'public-url': 'https://sync.example.com/health' }, 1)).toThrow(
      /must be an origin only/,
    );
  });
});

describe('serve database option', () => {
  it('keeps the store in the data folder when neither --database nor SYNC_HEALTH_DATABASE_URL is given', () => {
    expect(parseServeDatabase(undefined, undefined)).toBeUndefined();
    expect(parseServeDatabase(undefined, '  ')).toBeUndefined();
  });

  it('takes --database over SYNC_HEALTH_DATABASE_URL, and the variable alone', () => {
    expect(parseServeDatabase('postgres://a@db1/x', 'postgres://b@db2/y')).toBe('postgres://a@db1/x');
    expect(parseServeDatabase(undefined, 'postgresql://b@db2/y')).toBe('postgresql://b@db2/y');
  });

  it('refuses what is not a PostgreSQL URL, naming where it came from, with the password masked', () => {
    expect(() => parseServeDatabase('sqlite:/tmp/x.db', undefined)).toThrow(UsageError);
    expect(() => parseServeDatabase('mysql://ada:hunter2@db/x', undefined)).toThrow(
      '--database "mysql://ada:***@db/x" is not a PostgreSQL URL',
    );
    expect(() => parseServeDatabase(undefined, 'ada:hunter2@db/x')).toThrow(
      /^SYNC_HEALTH_DATABASE_URL "ada:\*\*\*@db\/x" is not a PostgreSQL URL/,
    );
    expect(() => parseServeDatabase('mysql://ada:p@ss:w/rd@db/x', undefined)).toThrow(
      '"mysql://ada:***@db/x"',
    );
    expect(() => parseServeDatabase('', undefined)).toThrow(/--database is empty/);
  });
});
