/** @module Where the sync's calls went (writes, checks for changes, …) and the other integrations' share, in words. */
import { CALL_KIND_LABELS, CALL_KINDS, type CallKind } from '../../../shared/call-kinds';
import { formatCount } from '../format';

type ByKind = readonly { kind: CallKind; calls: number }[];

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The kinds with calls, in CALL_KINDS order: `[{ label: 'Writes', calls: 1234 }, …]`. */
export function kindRows(byKind: ByKind | undefined): { kind: CallKind; label: string; calls: number }[] {
  const calls = new Map((byKind ?? []).map((k) => [k.kind, k.calls]));
  return CALL_KINDS.filter((k) => (calls.get(k) ?? 0) > 0).map((kind) => ({
    kind,
    label: capitalised(CALL_KIND_LABELS[kind].other),
    calls: calls.get(kind) ?? 0,
  }));
}

/** An hour's split for a chart bar's hover text: "30 writes, 1 check for Salesforce changes". */
export function hourSplitText(byKind: Partial<Record<CallKind, number>> | undefined): string {
  if (!byKind) return '';
  return CALL_KINDS.filter((k) => (byKind[k] ?? 0) > 0)
    .map((k) => {
      const n = byKind[k] ?? 0;
      return `${formatCount(n)} ${n === 1 ? CALL_KIND_LABELS[k].one : CALL_KIND_LABELS[k].other}`;
    })
    .join(', ');
}

/**
 * The other integrations' calls: the org's usage (from Salesforce's answers) minus the sync's, floored at
 * 0 (the org's figure is read at a moment, the sync's counted to now, so it can run a little ahead).
 */
export function otherIntegrationsCalls(syncCalls24h: number, org: { used: number } | null): number | null {
  return org ? Math.max(0, org.used - syncCalls24h) : null;
}
