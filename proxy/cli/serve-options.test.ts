import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { isLoopbackHost, parseServeListen } from './serve-options';

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
