/** @module The org's daily API request count over a rolling 24 hours, kept in one-second buckets. */
import type { OrgState } from './org-state';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Calls made to the org in the 24 hours before `now` (all integrations together). */
export function apiUsed(state: OrgState, now: number): number {
  prune(state, now);
  return state.apiUsage.reduce((sum, [, calls]) => sum + calls, 0);
}

export function recordApiCalls(state: OrgState, now: number, calls: number): void {
  const second = Math.floor(now / 1000) * 1000;
  const last = state.apiUsage[state.apiUsage.length - 1];
  if (last && last[0] === second) last[1] += calls;
  else state.apiUsage.push([second, calls]);
}

function prune(state: OrgState, now: number): void {
  const from = now - DAY_MS;
  const firstKept = state.apiUsage.findIndex(([second]) => second > from);
  if (firstKept === -1) state.apiUsage = [];
  else if (firstKept > 0) state.apiUsage.splice(0, firstKept);
}

/** `api-usage=N/M`, the value of the Sforce-Limit-Info header. */
export function limitInfo(state: OrgState, now: number): string {
  return `api-usage=${apiUsed(state, now)}/${state.dailyApiLimit}`;
}
