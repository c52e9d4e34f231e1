/** @module The extension's own settings: where the proxy is and the pairing token. */
import { storage } from '#imports';

export interface ProxySettings {
  /** Base URL of the local proxy, e.g. http://127.0.0.1:8787 */
  url: string;
  /** The pairing token the proxy printed at start; empty until paired. */
  token: string;
}

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

export const proxySettings = storage.defineItem<ProxySettings>('local:proxy', {
  fallback: { url: DEFAULT_PROXY_URL, token: '' },
  version: 1,
});

/** Checks a proxy address typed by the user: only loopback http addresses are accepted. */
export function validateProxyUrl(value: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: `"${value}" is not an address. Example: ${DEFAULT_PROXY_URL}` };
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) {
    return {
      ok: false,
      message: `The proxy runs on this computer: use http://127.0.0.1:<port> (got "${value}").`,
    };
  }
  return { ok: true, url: url.origin };
}
