/** @module The extension's own settings: where the proxy is and the pairing token. */
import { storage } from '#imports';
import type { RecordUrlOptions } from '../../shared/record-url';

export interface ProxySettings {
  /** Base URL of the local proxy (http://127.0.0.1:8787) or of a shared server (https://sync.example.com). */
  url: string;
  /** The local proxy's pairing token, or a personal token of a shared server; empty until paired. */
  token: string;
}

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

export const proxySettings = storage.defineItem<ProxySettings>('local:proxy', {
  fallback: { url: DEFAULT_PROXY_URL, token: '' },
  version: 1,
});

/** What record pages are read with: the paired server's own sandbox pages count (`serve --sandbox`). */
export async function recordUrlOptions(): Promise<RecordUrlOptions> {
  return { serverUrl: (await proxySettings.getValue()).url };
}

const LOOPBACK = ['127.0.0.1', 'localhost'];

export type CheckedProxyUrl =
  | {
      ok: true;
      url: string /** A shared server: the browser must grant access to this origin first. */;
      shared: boolean;
    }
  | { ok: false; message: string };

/**
 * Checks a server address typed by the user: the local proxy over http on this computer, or a shared
 * server (`sync-health serve`) over https. Plain http to another computer would send the token in clear.
 */
export function validateProxyUrl(value: string): CheckedProxyUrl {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return {
      ok: false,
      message: `"${value}" is not an address. Examples: ${DEFAULT_PROXY_URL} (this computer) or https://sync.example.com (your team's server)`,
    };
  }
  if (url.protocol === 'http:' && LOOPBACK.includes(url.hostname))
    return { ok: true, url: url.origin, shared: false };
  if (url.protocol === 'https:')
    return { ok: true, url: url.origin, shared: !LOOPBACK.includes(url.hostname) };
  return {
    ok: false,
    message: `Use http://127.0.0.1:<port> for the proxy on this computer, or an https:// address for your team's server (got "${value}").`,
  };
}

/**
 * Reads an invite link from `sync-health users add` (`https://sync.example.com/pair#token=shp_…`): the
 * server's address and the personal token. Null when the text is not one.
 */
export function parseInvite(value: string): { url: string; token: string } | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (url.pathname.replace(/\/+$/, '') !== '/pair' || !token) return null;
  return { url: url.origin, token };
}
