/** @module Usage warnings: crossing the configured share of the allocation, or of the org's limit, emits once. */
import type { Store } from '../store';
import type { SyncEvents } from './sync-events';

const WARNED_KEY = 'usage_warned';

/** Emits 'usage-warning' when a share is crossed upward; re-arms when usage falls below it again. */
export async function checkUsageWarnings(store: Store, now: number, events: SyncEvents): Promise<void> {
  const threshold = (await store.settings()).notifications.usageWarningPercent;
  const usage = await store.usage(now);
  const org = usage.org && usage.org.limit > 0 ? (usage.org.used / usage.org.limit) * 100 : 0;
  const warned = (await store.cursor(WARNED_KEY)) ?? {
    allocation: false,
    org: false,
  };
  const next = { allocation: usage.allocationPercent >= threshold, org: org >= threshold };
  if (next.allocation && !warned.allocation)
    events.emit('usage-warning', { kind: 'allocation', percent: Math.round(usage.allocationPercent) });
  if (next.org && !warned.org) events.emit('usage-warning', { kind: 'org', percent: Math.round(org) });
  if (next.allocation !== warned.allocation || next.org !== warned.org)
    await store.setCursor(WARNED_KEY, next);
}
