/** @module The one client the extension uses to talk to the proxy. */
import type { RouteInput, RouteName, RouteResponse } from '../../shared/api';
import type { SessionUser } from '../../shared/api/session-user';
import type { StatusResponse, StoreIdentity } from '../../shared/api/status';
import { parseApiError } from '../../shared/api-error';

export type ConnectionState =
  | {
      kind: 'connected';
      version: string;
      identity?: StoreIdentity | null;
      /** Who the token belongs to: a person of a shared server, or the local proxy's admin (email null). */
      user?: SessionUser;
    }
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
      const parsed = parseApiError(await res.json().catch(() => null));
      throw parsed
        ? new ProxyError(res.status, parsed.code, parsed.message)
        : new ProxyError(res.status, 'http_error', `The proxy answered HTTP ${res.status}.`);
    }
    return (await res.json()) as T;
  }

  /**
   * Calls one route of the contract in shared/api, typed end to end.
   * @example client.call('GET /errors/:id', { params: { id } })
   */
  function call<K extends RouteName>(route: K, input?: RouteInput<K>): Promise<RouteResponse<K>> {
    const [method, pattern] = route.split(' ') as [string, string];
    const spec = (input ?? {}) as {
      params?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    const path = pattern.replace(/:(\w+)/g, (_, name: string) =>
      encodeURIComponent(spec.params?.[name] ?? ''),
    );
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
    }
    const qs = search.size ? `?${search}` : '';
    const init: RequestInit = { method };
    if (spec.body !== undefined) {
      init.body = JSON.stringify(spec.body);
      init.headers = { 'content-type': 'application/json' };
    }
    return request<RouteResponse<K>>(`${path}${qs}`, init);
  }

  return {
    request,
    call,
    /** Reachable and paired? Never throws. */
    async connection(): Promise<ConnectionState> {
      // First run: the user needs the token (which the proxy prints when started) whether or not it runs yet.
      if (!settings.token) return { kind: 'not-paired', message: 'Not paired with the proxy yet.' };
      try {
        const { version, identity } = await request<StatusResponse>('/status');
        const { user } = await request<{ user?: SessionUser }>('/session');
        return { kind: 'connected', version, identity: identity ?? null, ...(user ? { user } : {}) };
      } catch (err) {
        if (err instanceof ProxyError && err.status === 401)
          return { kind: 'not-paired', message: err.message };
        return {
          kind: 'unreachable',
          message: settings.url.startsWith('https://')
            ? `The server at ${settings.url} is not reachable. Check the address and your network, or ask the admin who runs it.`
            : `The proxy is not reachable at ${settings.url}. Start it with "npm start" in the sync-health folder, then retry.`,
        };
      }
    },
  };
}

export type ProxyClient = ReturnType<typeof createProxyClient>;
