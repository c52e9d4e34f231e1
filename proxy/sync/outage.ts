/**
 * @module Tells an outage (the whole of Salesforce or HubSpot failing for every record) from a
 * per-record error and from a suspension, and words it for an admin. Per-record failures never reach
 * here (they are stored as errors); suspensions are raised as SuspendSignal before this is asked.
 */
import type { OutageSystem } from '../../shared/api/sync-state';
import { CrmApiError } from '../crm/types';
import { SalesforceApiError } from '../salesforce/normalize-error';
import { SuspendSignal } from './call-policy';

export interface Outage {
  system: OutageSystem;
  reason: string;
  /**
   * HubSpot's daily limit: no call goes through before it resets at midnight in the portal's time zone
   * (HubSpot's API usage guidelines), so the next attempt waits until then instead of backing off.
   */
  untilPortalMidnight?: true;
}

const brief = (message: string) => {
  const line = redact(message).split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
};

/** Keeps tokens out of a line that is logged and shown (a URL or header echoed in an error message). */
export function redact(text: string): string {
  return text
    .replace(/(Bearer\s+)[^\s"',]+/gi, '$1[redacted]')
    .replace(/((?:access_token|refresh_token|token|hapikey|code)=)[^&\s"']+/gi, '$1[redacted]');
}

function salesforceOutage(err: SalesforceApiError): Outage | null {
  const { code, status } = err;
  if (code === 'REQUEST_LIMIT_EXCEEDED' && /concurrent/i.test(err.message))
    return {
      system: 'salesforce',
      reason: `Salesforce refuses more concurrent long-running requests from this org (${brief(err.message)}): other integrations or jobs hold them all.`,
    };
  if (/html content/i.test(err.message))
    return {
      system: 'salesforce',
      reason: `Salesforce answers with a "Service Unavailable" web page instead of its API (HTTP ${status ?? 503}): a maintenance window or an outage.`,
    };
  if (code === 'SERVER_UNAVAILABLE' || status === 503)
    return {
      system: 'salesforce',
      reason: `Salesforce is unavailable (HTTP 503 ${code}: ${brief(err.message)}).`,
    };
  if ((status !== null && status >= 500) || /^ERROR_HTTP_5/.test(code))
    return {
      system: 'salesforce',
      reason: `Salesforce fails on its side (HTTP ${status ?? code.slice(11)} ${code}: ${brief(err.message)}).`,
    };
  if (/^E[A-Z]+$/.test(code))
    return {
      system: 'salesforce',
      reason: `Salesforce cannot be reached: the connection failed (${code}).`,
    };
  return null;
}

function hubspotOutage(err: CrmApiError): Outage | null {
  if (err.status === 429 && /DAILY/i.test(err.subCategory ?? ''))
    return {
      system: 'hubspot',
      reason:
        "HubSpot's daily API limit for this app is used up (HTTP 429): HubSpot refuses every call until the limit resets at midnight in the portal's time zone.",
      untilPortalMidnight: true,
    };
  if (err.status === 429)
    return {
      system: 'hubspot',
      reason: 'HubSpot keeps refusing calls for too many requests (HTTP 429), even after waiting as it asks.',
    };
  if (err.status >= 500)
    return {
      system: 'hubspot',
      reason: `HubSpot fails on its side (HTTP ${err.status}: ${brief(err.message)}).`,
    };
  if (err.status === 0)
    return { system: 'hubspot', reason: `HubSpot cannot be reached (${brief(err.message)}).` };
  return null;
}

/** The outage a run's failure reveals, or null when it is something else (a bug, a refused request). */
export function outageOf(err: unknown): Outage | null {
  if (err instanceof SalesforceApiError) return salesforceOutage(err);
  if (err instanceof CrmApiError) return hubspotOutage(err);
  return null;
}

/**
 * A HubSpot answer that stops the whole sync until the admin acts: a 401 means the private app token was
 * revoked, rotated or has expired, and every further call would be refused the same way.
 */
export function crmSuspensionOf(err: unknown): SuspendSignal | null {
  if (!(err instanceof CrmApiError) || err.status !== 401) return null;
  return new SuspendSignal({
    id: 'credentials',
    reason: `HubSpot refused the sync's access token: it was revoked, rotated or has expired (${brief(err.message)})`,
    action:
      'Reconnect HubSpot: run "sync-health connect hubspot" with a valid private app token (or paste it under Settings → Connections). The sync resumes once it is connected.',
  });
}

/**
 * The first midnight after `t` in the IANA time zone `timeZone` (epoch ms). Intl gives the zone's wall
 * clock; the offset is read at the guess and once more at the answer, so a DST change that day is right.
 * By hand because no kept dependency does zone arithmetic, and this one sum is all the sync needs.
 * @example nextMidnightIn(Date.UTC(2026, 0, 15, 12), 'America/New_York') === Date.UTC(2026, 0, 16, 5)
 */
export function nextMidnightIn(t: number, timeZone: string): number {
  const wall = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(at);
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return { y: n('year'), m: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
  };
  const offsetAt = (at: number) => {
    const w = wall(at);
    return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(at / 1000) * 1000;
  };
  const today = wall(t);
  const midnightAsUtc = Date.UTC(today.y, today.m - 1, today.d + 1);
  const guess = midnightAsUtc - offsetAt(t);
  return midnightAsUtc - offsetAt(guess);
}

/** The next attempt after `failures` failed runs in a row: the usual interval, doubling, at most 5 minutes. */
export function outageBackoffMs(intervalMs: number, failures: number): number {
  return Math.min(Math.max(intervalMs, 5 * 60_000), intervalMs * 2 ** Math.max(0, failures - 1));
}
