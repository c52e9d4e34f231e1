/** @module The sync's state as every answer and the `state` event carry it: running, paused, suspended or degraded. */

/** The systems whose outage can hold the sync. */
export const OUTAGE_SYSTEMS = ['salesforce', 'hubspot'] as const;
export type OutageSystem = (typeof OUTAGE_SYSTEMS)[number];

export const OUTAGE_SYSTEM_LABELS: Record<OutageSystem, string> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
};

export type SyncState =
  | { state: 'running' }
  /**
   * The sync's API allocation is used up (it resumes by itself when the rolling window frees calls), or,
   * with `cause: 'headroom'`, the org has less of its daily limit left than the share the admin leaves to
   * other integrations (`resumeAt`: when the sync reads the org's usage again).
   */
  | { state: 'paused'; reason: string; resumeAt: number; cause?: 'allocation' | 'headroom' }
  /**
   * The whole sync cannot go on until something is fixed (credentials revoked, API disabled, the org's
   * daily limit, an object permission, a broken mapping pair); `id` names it for POST /suspensions/:id/clear.
   */
  | { state: 'suspended'; id: string; reason: string; action: string; since: number; retryAt: number | null }
  /**
   * An outage: the whole system named fails (5xx, an HTML maintenance page, dropped connections,
   * Salesforce's concurrent-request limit, HubSpot's daily limit). Nothing is wrong with the records:
   * they wait in the queue, and the sync tries again at `retryAt`. Cleared by the first run that succeeds.
   */
  | {
      state: 'degraded';
      system: OutageSystem;
      /** What fails, in words an admin understands, with the code the system answered. */
      reason: string;
      /** When the first failed run ended (epoch ms). */
      since: number;
      /** When the sync tries again by itself (epoch ms). */
      retryAt: number;
      /** Changes held in the queue meanwhile. */
      queued: number;
      /** Runs that failed in a row. */
      failures: number;
    };

/** Why an object's Salesforce changes are polled instead of arriving as change events. */
export type PolledBecause = 'not-enabled' | 'stopped' | 'refused' | 'starting' | 'unavailable';

/** How Salesforce changes reach the sync (GET /sync/status `salesforceChanges`). */
export interface SalesforceChanges {
  /** 'events': every mapped object arrives by change events; 'polling': none does; 'mixed': some. */
  mode: 'events' | 'polling' | 'mixed';
  /** Objects followed by change events. */
  streamed: string[];
  /**
   * Objects polled, each with why (`kind`) and the same in an admin's words (`reason`); a stopped object
   * also says what stopped its events (`cause`, e.g. "no answer from Salesforce on the streaming connection").
   */
  polled: { object: string; kind: PolledBecause; reason: string; cause?: string }[];
  /** The polling settings: every `pollFloorMinutes` after a change, backing off to `pollCeilingMinutes`. */
  pollFloorMinutes: number;
  pollCeilingMinutes: number;
}

const list = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/** "change events stopped for Contact: <cause>", one phrase per cause (one expired session stops them all). */
function stoppedBy(polled: SalesforceChanges['polled']): string[] {
  const causes = new Map<string, string[]>();
  for (const p of polled)
    if (p.kind === 'stopped') causes.set(p.cause ?? '', [...(causes.get(p.cause ?? '') ?? []), p.object]);
  // The Streaming API's code ("(403::Unknown client)") is for the log; the panel keeps the words.
  const words = (cause: string) => cause.replace(/\s*\(\d{3}::[^)]*\)$/, '');
  return [...causes].map(
    ([cause, objects]) => `change events stopped for ${list(objects)}${cause ? `: ${words(cause)}` : ''}`,
  );
}

/**
 * One line for the panel, e.g. "Salesforce changes: live (change events)" or "Salesforce changes: checked
 * every 1–15 minutes (change events are not enabled for Contact in this org)".
 */
export function salesforceChangesLine(c: SalesforceChanges): string {
  const every =
    c.pollFloorMinutes === c.pollCeilingMinutes
      ? `every ${c.pollFloorMinutes} ${c.pollFloorMinutes === 1 ? 'minute' : 'minutes'}`
      : `every ${c.pollFloorMinutes}–${c.pollCeilingMinutes} minutes`;
  if (c.mode === 'events') return 'Salesforce changes: live (change events)';
  const byKind = (kind: PolledBecause) => c.polled.filter((p) => p.kind === kind).map((p) => p.object);
  const why = [
    byKind('not-enabled').length
      ? `change events are not enabled for ${list(byKind('not-enabled'))} in this org`
      : '',
    ...stoppedBy(c.polled),
    byKind('refused').length ? `change events could not start for ${list(byKind('refused'))}` : '',
    byKind('starting').length ? `change events are starting for ${list(byKind('starting'))}` : '',
    byKind('unavailable').length ? 'change events are not used with this connection' : '',
  ].filter(Boolean);
  const polled = `checked ${every}${why.length ? ` (${why.join('; ')})` : ''}`;
  return c.mode === 'polling'
    ? `Salesforce changes: ${polled}`
    : `Salesforce changes: live for ${list(c.streamed)}; ${c.polled.map((p) => p.object).join(', ')} ${polled}`;
}
