/** @module What the toolbar badge says for a live status: text, colour and the tooltip explaining it. */
import type { RecordLookupAnswer } from '../../shared/api/control';
import { OUTAGE_SYSTEM_LABELS } from '../../shared/api/sync-state';
import { CATEGORY_INFO } from '../../shared/taxonomy';
import type { LiveStatus } from '../messaging/protocol';

/** Counts in the tooltip grouped the browser's way ("1,204"). */
const count = new Intl.NumberFormat();

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  errors: '#c62828',
  ok: '#2e7d32',
  offline: '#757575',
  attention: '#ef6c00',
  /** Salesforce or HubSpot is down: not the records' fault, and not something the admin set. */
  outage: '#6a1b9a',
} as const;

/** "99+" past 99, as the toolbar has room for four characters at most. */
export function countText(n: number): string {
  return n > 99 ? '99+' : String(n);
}

export function badgeFor(status: LiveStatus): BadgeLook {
  switch (status.kind) {
    case 'connecting':
      return { text: '…', color: BADGE_COLORS.offline, title: 'Sync Health: connecting to the proxy…' };
    case 'not-paired':
      return {
        text: '!',
        color: BADGE_COLORS.attention,
        title: `Sync Health: not paired with the proxy. ${status.message}`,
      };
    case 'unreachable':
      return {
        text: 'off',
        color: BADGE_COLORS.offline,
        title: 'Sync Health: the proxy is not reachable. Start it with npm start in the sync-health folder.',
      };
    case 'live': {
      const { totalOpenErrors, categories, state } = status.summary;
      const paused =
        state.state !== 'paused'
          ? ''
          : state.cause === 'headroom'
            ? " Sync paused: leaving the rest of the org's daily limit to other integrations."
            : ' Sync paused: API allocation used up.';
      const suspended = state.state === 'suspended' ? ` Sync suspended: ${state.reason ?? ''}` : '';
      if (state.state === 'degraded') {
        const held = `${state.queued} ${state.queued === 1 ? 'change' : 'changes'} held`;
        const errors =
          totalOpenErrors === 0
            ? 'no open sync errors'
            : `${totalOpenErrors} open sync ${totalOpenErrors === 1 ? 'error' : 'errors'}`;
        return {
          text: totalOpenErrors === 0 ? '!' : countText(totalOpenErrors),
          color: BADGE_COLORS.outage,
          title: `Sync Health: ${OUTAGE_SYSTEM_LABELS[state.system]} outage, the sync is waiting (${held}). ${state.reason} Also ${errors}.`,
        };
      }
      if (totalOpenErrors === 0)
        return {
          text: state.state === 'running' ? '' : '!',
          color: state.state === 'running' ? BADGE_COLORS.ok : BADGE_COLORS.attention,
          title: `Sync Health: no open sync errors.${paused}${suspended}`,
        };
      const parts = categories
        .filter((c) => c.openErrors > 0)
        .sort((a, b) => b.openErrors - a.openErrors)
        .map((c) => `${CATEGORY_INFO[c.category].label} ${count.format(c.openErrors)}`);
      return {
        text: countText(totalOpenErrors),
        color: BADGE_COLORS.errors,
        title: `Sync Health: ${count.format(totalOpenErrors)} open sync ${totalOpenErrors === 1 ? 'error' : 'errors'} — ${parts.join(', ')}.${paused}${suspended}`,
      };
    }
  }
}

/**
 * A record page's own badge: that record's open errors, the tooltip saying it is this record's count and
 * what the whole sync has. Null when the tab keeps the global badge (the record is unknown to the sync or
 * still queued).
 */
export function recordBadgeFor(answer: RecordLookupAnswer, global: BadgeLook): BadgeLook | null {
  const all = `All records: ${global.title.replace(/^Sync Health: /, '')}`;
  const n = answer.openErrors.length;
  if (n > 0) {
    const first = answer.openErrors[0]!;
    const what = first.summary ?? first.message;
    return {
      text: countText(n),
      color: BADGE_COLORS.errors,
      title: `Sync Health: this record has ${n} open sync ${n === 1 ? 'error' : 'errors'} (${what}${n > 1 ? ', …' : ''}). ${all}`,
    };
  }
  if (!answer.synced) return null;
  return {
    text: '✓',
    color: BADGE_COLORS.ok,
    title: `Sync Health: this record is synced, with no open errors. ${all}`,
  };
}
