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

// What the calls made inside `withCallKind` are for (a query is a poll when the poll makes it).
const purposes = new AsyncLocalStorage<CallKind>();

/** Records the Salesforce calls `fn` makes as `kind` (otherwise the kind comes from method and path). */
export function withCallKind<T>(kind: CallKind, fn: () => Promise<T>): Promise<T> {
  return purposes.run(kind, fn);
}

export interface ApiMeter {
  /** Throws BudgetExceededError when `calls` more would pass the allocation. */
  ensure(calls: number): void;
  /** One HTTP exchange happened (retries and token refreshes included). */
  record(kind: string): void;
  /** Org-wide usage read from a `Sforce-Limit-Info` header. */
  limitInfo(used: number, limit: number): void;
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
    ensure(calls) {
      const t = now();
      const used = store.calls24h(t);
      const { allocation } = store.settings();
      if (used + calls <= allocation) return;
      // Enough of the oldest calls must age out for `calls` more to fit.
      const needFreed = used + calls - allocation;
      const at = store.nthCallAfter(t - DAY_MS, needFreed - 1);
      const resumeAt = at !== null ? at + DAY_MS + 1 : t + 60_000;
      throw new BudgetExceededError(used, allocation, resumeAt);
    },
    record(kind) {
      const t = now();
      store.logCall(t, kind, purposes.getStore() ?? callKindOf(kind));
      events.onCall?.(store.calls24h(t), store.settings().allocation);
    },
    limitInfo(used, limit) {
      store.setOrgUsage({ used, limit, seenAt: now() });
      events.onOrgUsage?.(used, limit);
    },
  };
}
