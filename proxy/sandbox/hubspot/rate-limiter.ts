/** @module The portal's request counter, its X-HubSpot-RateLimit-* headers and test-requested 429s. */
import type { Context } from 'hono';
import { PortalError } from './portal-error';

// A private app on a Professional portal: 190 requests per 10 s, 650,000 a day.
const INTERVAL_MS = 10_000;
const INTERVAL_MAX = 190;
const DAILY_MAX = 650_000;

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY';

export function createRateLimiter() {
  let requests = 0;
  let pending: { count: number; retryAfterSeconds: number; policy: RateLimitPolicy } | null = null;

  function setHeaders(c: Context, remaining = Math.max(0, INTERVAL_MAX - (requests % INTERVAL_MAX))): void {
    c.header('X-HubSpot-RateLimit-Daily', String(DAILY_MAX));
    c.header('X-HubSpot-RateLimit-Daily-Remaining', String(Math.max(0, DAILY_MAX - requests)));
    c.header('X-HubSpot-RateLimit-Interval-Milliseconds', String(INTERVAL_MS));
    c.header('X-HubSpot-RateLimit-Max', String(INTERVAL_MAX));
    c.header('X-HubSpot-RateLimit-Remaining', String(remaining));
  }

  return {
    count: () => {
      requests++;
    },
    requests: () => requests,
    reset: () => {
      pending = null;
    },
    /** The next `n` API requests get 429 with Retry-After: the burst limit by default, or the daily one. */
    rateLimitNext(n: number, retryAfterSeconds = 1, policy: RateLimitPolicy = 'TEN_SECONDLY_ROLLING'): void {
      if (!Number.isInteger(n) || n < 0) throw new Error(`rateLimitNext needs a whole number >= 0, got ${n}`);
      pending = n > 0 ? { count: n, retryAfterSeconds, policy } : null;
    },
    /** A 429 response when one is pending, else null. */
    take(c: Context): Response | null {
      if (!pending) return null;
      const { retryAfterSeconds, policy } = pending;
      pending = --pending.count > 0 ? pending : null;
      setHeaders(c, 0);
      c.header('Retry-After', String(retryAfterSeconds));
      const error = new PortalError(
        429,
        'RATE_LIMITS',
        `You have reached your ${policy.toLowerCase()} limit.`,
      );
      return c.json({ ...error.body(), errorType: 'RATE_LIMIT', policyName: policy }, 429);
    },
    setHeaders: (c: Context) => setHeaders(c),
  };
}
