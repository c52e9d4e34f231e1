/** @module The one client the extension uses to talk to the proxy. */
import { apiErrorSchema } from '../../shared/api-error';

export type ConnectionState =
  | { kind: 'connected'; version: string }
  | { kind: 'not-paired'; message: string }
  | { kind: 'unreachable'; message: string };

/** A proxy answer that was not 2xx, with the proxy's own message. */
export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

export function createProxyClient(settings: { url: string; token: string }, fetchImpl: typeof fetch = fetch) {
  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    if (settings.token) headers.set('authorization', `Bearer ${settings.token}`);
    const res = await fetchImpl(`${settings.url}/api/v1${path}`, { ...init, headers });
    if (!res.ok) {
      const parsed = apiErrorSchema.safeParse(await res.json().catch(() => null));
      throw parsed.success
        ? new ProxyError(res.status, parsed.data.error.code, parsed.data.error.message)
        : new ProxyError(res.status, 'http_error', `The proxy answered HTTP ${res.status}.`);
    }
    return (await res.json()) as T;
  }

  return {
    request,
    /** Reachable and paired? Never throws. */
    async connection(): Promise<ConnectionState> {
      try {
        const { version } = await request<{ ok: true; version: string }>('/status');
        if (!settings.token) return { kind: 'not-paired', message: 'Enter the pairing token in Settings.' };
        await request('/session');
        return { kind: 'connected', version };
      } catch (err) {
        if (err instanceof ProxyError && err.status === 401)
          return { kind: 'not-paired', message: err.message };
        return {
          kind: 'unreachable',
          message: `No proxy at ${settings.url}. Start it with "npm start" in the sync-health folder.`,
        };
      }
    },
  };
}

export type ProxyClient = ReturnType<typeof createProxyClient>;
