/** @module The proxy's version, reported by GET /api/v1/status. */
export const PROXY_VERSION = '0.1.0';
