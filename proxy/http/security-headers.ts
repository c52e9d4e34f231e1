/**
 * @module Security headers of everything the proxy serves itself (Hono's secureHeaders): no framing, no
 * sniffing, no referrer, and a Content-Security-Policy. The API answers JSON, so its policy allows nothing;
 * a page (the shared server's /pair) may load only its own script and style.
 */
import { secureHeaders } from 'hono/secure-headers';

const COMMON = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  // The extension fetches the API from its own origin; a resource policy would only get in its way.
  crossOriginResourcePolicy: false,
  // HSTS belongs to the TLS front (serve --tls-cert, or the reverse proxy), not to a loopback http proxy.
  strictTransportSecurity: false,
} as const;

/** For JSON (and the event stream): nothing may run, load or frame it. */
export function apiSecurityHeaders() {
  return secureHeaders({
    ...COMMON,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
  });
}

/** For a page of the server's own: its script and style from the same origin, nothing else. */
export function pageSecurityHeaders() {
  return secureHeaders({
    ...COMMON,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  });
}
