/** @module Trust boundary of the proxy: loopback Host, extension Origin, pairing token. */
import type { MiddlewareHandler } from 'hono';
import { apiError } from '../../shared/api-error';
import { tokenMatches } from '../config/pairing-token';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-zA-Z0-9-]+$/;

/**
 * Refuses any request whose Host is not `127.0.0.1:<port>` or `localhost:<port>`:
 * a DNS-rebinding page reaches us with its own host name in Host.
 */
export function requireLoopbackHost(
  port: () => number,
  publicHosts: readonly string[] = [],
): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    // publicHosts: the shared server's own names (`serve --public-url`, `--host`), as "name" or "name:port".
    const allowed = [...LOOPBACK_NAMES.map((name) => `${name}:${port()}`), ...publicHosts];
    if (!allowed.includes(host.toLowerCase())) {
      return c.json(
        apiError('forbidden_host', `Host "${host}" is not allowed. Use http://127.0.0.1:${port()}.`),
        403,
      );
    }
    await next();
  };
}

/**
 * Refuses requests carrying a web page's Origin (drive-by pages calling localhost,
 * CORS preflights included). No Origin (curl, scripts) or an extension origin passes.
 * `allowSameOrigin` lets the sandbox's own pages post forms to themselves.
 */
export function refuseWebOrigins(opts: { allowSameOrigin?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !EXTENSION_ORIGIN.test(origin)) {
      const sameOrigin = opts.allowSameOrigin && origin === new URL(c.req.url).origin;
      if (!sameOrigin) {
        return c.json(
          apiError('forbidden_origin', `Origin "${origin}" may not call the Sync Health proxy.`),
          403,
        );
      }
    }
    await next();
  };
}

function bearerToken(header: string | undefined): string {
  const value = header ?? '';
  return value.startsWith('Bearer ') ? value.slice(7).trim() : '';
}

/** Requires `Authorization: Bearer <pairing token>`. */
export function requirePairingToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const presented = bearerToken(c.req.header('authorization'));
    if (!presented || !tokenMatches(token, presented)) {
      return c.json(
        apiError(
          'unauthorized',
          presented
            ? 'The pairing token is wrong. Copy the token the proxy printed at start (or from <data-dir>/pairing-token) into the extension options.'
            : 'Missing pairing token. Send "Authorization: Bearer <token>"; the proxy prints the token at start.',
        ),
        401,
      );
    }
    await next();
  };
}

/**
 * Guards a sandbox's `/_control` API (it can mint sessions, revoke tokens, reset the org): no web
 * Origin at all, not even the sandbox's own pages, and `Authorization: Bearer <control token>`, which
 * is the proxy's pairing token, or the `controlToken` that `sync-health sandbox` prints.
 */
export function requireControlToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !EXTENSION_ORIGIN.test(origin)) {
      return c.json(
        apiError('forbidden_origin', `Origin "${origin}" may not call the sandbox control API.`),
        403,
      );
    }
    const presented = bearerToken(c.req.header('authorization'));
    if (!presented || !tokenMatches(token, presented)) {
      return c.json(
        apiError(
          'unauthorized',
          `${presented ? 'Wrong' : 'Missing'} control token. Send "Authorization: Bearer <token>" with the proxy's pairing token (<data-dir>/pairing-token), or the controlToken that "sync-health sandbox" prints.`,
        ),
        401,
      );
    }
    await next();
  };
}
