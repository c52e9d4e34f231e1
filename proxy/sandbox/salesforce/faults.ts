/** @module Faults injected for the next N requests: server errors, HTML outage pages, row locks, latency, dropped connections, 401, concurrent-request limits. */
import type { Context } from 'hono';
import { SfError, sfJson } from './sf-format';

export type FaultKind = '500' | '503' | 'html503' | 'lock' | 'latency' | 'drop' | '401' | 'limit';
export const FAULT_KINDS: FaultKind[] = ['500', '503', 'html503', 'lock', 'latency', 'drop', '401', 'limit'];

export interface FaultQueue {
  inject(fault: { count: number; kind: FaultKind; latencyMs?: number }): void;
  /** Applies the next request-level fault, if any: a response, a delay (null), or a dropped socket. */
  apply(c: Context): Promise<Response | null>;
  /** Consumes one UNABLE_TO_LOCK_ROW fault for a record write. */
  takeLock(): boolean;
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let pending: Array<{ kind: FaultKind; remaining: number; latencyMs: number }> = [];
  const next = (match: (k: FaultKind) => boolean) => {
    const fault = pending.find((f) => match(f.kind));
    if (!fault) return null;
    fault.remaining--;
    if (fault.remaining <= 0) pending = pending.filter((f) => f !== fault);
    return fault;
  };
  return {
    inject({ count, kind, latencyMs }) {
      pending.push({ kind, remaining: count, latencyMs: latencyMs ?? 1000 });
    },
    async apply(c) {
      const fault = next((k) => k !== 'lock');
      if (!fault) return null;
      switch (fault.kind) {
        case 'latency':
          await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
          return null;
        case '500':
          return sfJson(
            new SfError(
              500,
              'UNKNOWN_EXCEPTION',
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1946296531-4321 (-1016234567)',
            ).body(),
            500,
          );
        case '503':
          return sfJson(new SfError(503, 'SERVER_UNAVAILABLE', 'Server too busy').body(), 503);
        case 'html503':
          // What a CDN or maintenance page in front of Salesforce answers: not JSON at all.
          return new Response(
            '<html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>',
            {
              status: 503,
              headers: { 'content-type': 'text/html' },
            },
          );
        case 'limit':
          // Too many long-running requests at once: a 403 that clears by itself (not the daily limit).
          return sfJson(
            new SfError(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.').body(),
            403,
          );
        case '401':
          return sfJson(new SfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid').body(), 401);
        default: {
          const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
          incoming?.socket?.destroy();
          // Without a socket (app.request in tests) the closest thing to a drop is an empty 502.
          return new Response(null, { status: 502 });
        }
      }
    },
    takeLock: () => next((k) => k === 'lock') !== null,
    clear() {
      pending = [];
    },
  };
}
