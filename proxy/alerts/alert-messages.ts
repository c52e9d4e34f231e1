/** @module Team alerts in an admin's words: the same events and wording as the browser notifications. */
import { OUTAGE_SYSTEM_LABELS, type SyncState } from '../../shared/api/sync-state';
import { CATEGORY_INFO, type Category as ErrorCategory } from '../../shared/taxonomy';
import type { TeamAlert } from './senders';

const count = (n: number) => n.toLocaleString('en-US');
const when = (t: number) => new Date(t).toUTCString();

/** The alert a state change deserves (null: none), given what was last announced. */
export function stateAlert(
  state: SyncState,
  announced: string | null,
): { alert: TeamAlert; key: string | null } | null {
  if (state.state === 'degraded') {
    const key = `outage:${state.system}:${state.since}`;
    if (announced === key) return null;
    const system = OUTAGE_SYSTEM_LABELS[state.system];
    return {
      key,
      alert: {
        title: `${system} outage: the sync is waiting`,
        body: `${state.reason} ${count(state.queued)} ${state.queued === 1 ? 'change is' : 'changes are'} held in the queue; the sync tries again at ${when(state.retryAt)} and resumes by itself.`,
      },
    };
  }
  if (state.state === 'suspended') {
    const key = `suspended:${state.id}:${state.since}`;
    if (announced === key) return null;
    return {
      key,
      alert: {
        title: 'The sync is suspended until something is fixed',
        body: `${state.reason} What to do: ${state.action}`,
      },
    };
  }
  if (state.state === 'running' && announced) {
    const [kind, system] = announced.split(':');
    const label = OUTAGE_SYSTEM_LABELS[system as keyof typeof OUTAGE_SYSTEM_LABELS] ?? 'The system';
    return {
      key: null,
      alert:
        kind === 'outage'
          ? { title: `${label} is back`, body: 'The sync runs again and sends the changes it held.' }
          : {
              title: 'The sync runs again',
              body: 'The suspension is cleared; the sync sends the changes it held.',
            },
    };
  }
  return null;
}

export interface DigestFacts {
  since: number;
  until: number;
  categories: { category: ErrorCategory; newErrors: number; resolved: number; open: number }[];
  state: SyncState;
}

/** The daily or weekly digest: new, resolved and open errors by type, and an outage still going on. */
export function digestAlert(period: 'daily' | 'weekly', d: DigestFacts): TeamAlert {
  const sum = (f: (c: DigestFacts['categories'][number]) => number) =>
    d.categories.reduce((n, c) => n + f(c), 0);
  const newErrors = sum((c) => c.newErrors);
  const lines = d.categories
    .filter((c) => c.newErrors > 0)
    .sort((a, b) => b.newErrors - a.newErrors)
    .map((c) => `• ${count(c.newErrors)} ${CATEGORY_INFO[c.category].label}`);
  const s = d.state;
  const status =
    s.state === 'degraded'
      ? `${OUTAGE_SYSTEM_LABELS[s.system]} outage since ${when(s.since)}: ${count(s.queued)} changes held.`
      : s.state === 'suspended'
        ? `The sync is suspended: ${s.reason}`
        : s.state === 'paused'
          ? `The sync is paused: ${s.reason}`
          : 'The sync is running.';
  return {
    title: `${period === 'daily' ? 'Daily' : 'Weekly'} sync digest: ${
      newErrors ? `${count(newErrors)} new ${newErrors === 1 ? 'error' : 'errors'}` : 'no new errors'
    }`,
    body: [
      `Since ${when(d.since)}: ${count(newErrors)} new, ${count(sum((c) => c.resolved))} resolved, ${count(sum((c) => c.open))} still open.`,
      ...lines,
      status,
    ].join('\n'),
  };
}
