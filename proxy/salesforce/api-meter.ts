/** @module The API meter: counts every Salesforce HTTP exchange and enforces the allocation before a call. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallKind, callKindOf } from '../../shared/call-kinds';
import { DAY_MS } from '../../shared/limits';
import type { Store } from '../store';

/** Thrown before a call that would pass the sync's 24-hour allocation; no call is spent. */
export class BudgetExceededError extends Error {
  constructor(
    readonly used: number,
    readonly allocation: number,
    /** When enough calls age out of the rolling window to resume. */
    readonly resumeAt: number,
  ) {
    super(`The sync's allocation of ${allocation} Salesforce calls per 24 h is spent (${used} used)`);
    this.name = 'BudgetExceededError';
  }
}

/** How often a sync held by the headroom reads the org's usage again (one GET /limits). */
export const HEADROOM_RECHECK_MS = 5 * 60_000;

const count = new Intl.NumberFormat('en-US');

/**
 * The headroom arithmetic: `calls` more leave the org below `percent`% of its daily limit? Null when they
 * fit (or no headroom is set, or the org's usage was never seen); otherwise what is left now.
 */
export function headroomShortfall(
  org: { used: number; limit: number } | null,
  calls: number,
  percent: number,
): { leftCalls: number; leftPercent: number } | null {
  if (percent <= 0 || !org || org.limit <= 0) return null;
  const keep = (org.limit * percent) / 100;
  if (org.limit - (org.used + calls) >= keep) return null;
  const leftCalls = Math.max(0, org.limit - org.used);
  // Rounded: 1,349 of 15,000 reads as the 9% it nearly is, not 8%.
  return { leftCalls, leftPercent: Math.round((leftCalls / org.limit) * 100) };
}

/**
 * Thrown before a call that would eat into the share of the org's daily limit the admin leaves to other
 * integrations. A sibling of the allocation's error (a subclass, so every place that pauses on a spent
 * allocation pauses on it too); no call is spent.
 */
export class HeadroomExceededError extends BudgetExceededError {
  constructor(
    used: number,
    allocation: number,
    resumeAt: number,
    readonly org: { used: number; limit: number },
    readonly headroomPercent: number,
    leftPercent: number,
  ) {
    super(used, allocation, resumeAt);
    this.name = 'HeadroomExceededError';
    this.message =
      `The org has ${leftPercent}% of its daily limit left (${count.format(Math.max(0, org.limit - org.used))} of ${count.format(org.limit)} calls) ` +
      `and you asked to leave ${headroomPercent}% to other integrations; the sync resumes when the org's usage drops ` +
      `or you lower that share in Settings.`;
  }
}

// Calls inside `readingOrgUsage`: a held sync learns the headroom is back only by reading the usage.
const usageReads = new AsyncLocalStorage<true>();

/** Runs `fn` (one GET /limits) past the headroom guard, never past the allocation. */
export function readingOrgUsage<T>(fn: () => Promise<T>): Promise<T> {
  return usageReads.run(true, fn);
}

// What the calls made inside `withCallKind` are for (a query is a poll when the poll makes it).
const purposes = new AsyncLocalStorage<CallKind>();

/** Records the Salesforce calls `fn` makes as `kind` (otherwise the kind comes from method and path). */
export function withCallKind<T>(kind: CallKind, fn: () => Promise<T>): Promise<T> {
  return purposes.run(kind, fn);
}

export interface ApiMeter {
  /**
   * Throws BudgetExceededError when `calls` more would pass the allocation, HeadroomExceededError when
   * they would leave the org less than the headroom setting's share of its daily limit (as last seen).
   */
  ensure(calls: number): Promise<void>;
  /** One HTTP exchange happened (retries and token refreshes included). */
  record(kind: string): Promise<void>;
  /** Org-wide usage read from a `Sforce-Limit-Info` header. */
  limitInfo(used: number, limit: number): Promise<void>;
}

export interface MeterEvents {
  onCall?: (used: number, allocation: number) => void;
  onOrgUsage?: (used: number, limit: number) => void;
}

/** A meter over the store's call log; `now` is injectable so tests move time without sleeping. */
export function createApiMeter(
  store: Store,
  now: () => number = Date.now,
  events: MeterEvents = {},
): ApiMeter {
  return {
    async ensure(calls) {
      const t = now();
      // Three reads, no transaction: a call logged between them only makes the figure one call older, as a
      // call answered while the request was in flight always did.
      const used = await store.calls24h(t);
      const { allocation, headroomPercent } = await store.settings();
      if (used + calls <= allocation) {
        if (usageReads.getStore()) return;
        const org = await store.orgUsage();
        const short = headroomShortfall(org, calls, headroomPercent);
        if (!short || !org) return;
        // Salesforce's window rolls: no date says when the org's usage drops, so the sync reads it again
        // once the reading is HEADROOM_RECHECK_MS old (a stable time: the state does not flicker per run).
        throw new HeadroomExceededError(
          used,
          allocation,
          org.seenAt + HEADROOM_RECHECK_MS,
          { used: org.used, limit: org.limit },
          headroomPercent,
          short.leftPercent,
        );
      }
      // Enough of the oldest calls must age out for `calls` more to fit.
      const needFreed = used + calls - allocation;
      const at = await store.nthCallAfter(t - DAY_MS, needFreed - 1);
      const resumeAt = at !== null ? at + DAY_MS + 1 : t + 60_000;
      throw new BudgetExceededError(used, allocation, resumeAt);
    },
    async record(kind) {
      // An answer that arrives after shutdown closed the store: Salesforce counted it, and the next start
      // reads the org's usage again from Sforce-Limit-Info, so there is nothing left to write it to.
      if (!store.isOpen()) return;
      const t = now();
      await store.logCall(t, kind, purposes.getStore() ?? callKindOf(kind));
      if (events.onCall) events.onCall(await store.calls24h(t), (await store.settings()).allocation);
    },
    async limitInfo(used, limit) {
      if (!store.isOpen()) return;
      await store.setOrgUsage({ used, limit, seenAt: now() });
      events.onOrgUsage?.(used, limit);
    },
  };
}
