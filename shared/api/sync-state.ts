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
