/**
 * @module The match step of a push: unlinked CRM records whose Salesforce twin is found are linked
 * (stored before any write, with the external id still to stamp, so the push is an update by Id and a
 * replay after a crash finds the link); ambiguous ones become a Duplicates error and are not written.
 */

import { rootCauseKey } from '../../shared/taxonomy';
import type { ErrorInput } from '../store';
import type { PushContext } from './contexts';
import type { ObjectMapping } from './default-mapping';
import { type MatchOutcome, type MatchStats, matchInSalesforce } from './initial-match';
import { matchKeys, normalizeKey } from './initial-match-keys';

/** "3 Salesforce contacts share ada@example.org" — every candidate named after it. */
export function ambiguousMessage(
  side: { system: string; object: string },
  outcome: Extract<MatchOutcome, { kind: 'many' }>,
  others: { system: string; type: string; ids: string[] },
): string {
  const plural = `${side.object.toLowerCase()}s`;
  if (outcome.sfIds.length > 1)
    return `${outcome.sfIds.length} ${side.system} ${plural} share ${outcome.value}: ${outcome.sfIds.join(', ')}. Merge them, or clear the value on all but one, and resync.`;
  return `${others.ids.length} ${others.system} ${others.type} share ${outcome.value} with ${side.system} ${side.object} ${outcome.sfIds[0]} (${others.ids.join(', ')}). Merge them, or change the value on all but one, and resync.`;
}

/** The Duplicates error of an ambiguous match, keyed on the value so that one merge resolves its group. */
export function ambiguousError(
  m: ObjectMapping,
  crmId: string,
  name: string | null,
  outcome: Extract<MatchOutcome, { kind: 'many' }>,
): ErrorInput {
  return {
    category: 'duplicates',
    crmType: m.crmType,
    crmId,
    sfObject: m.sfObject,
    recordName: name,
    code: 'MATCH_AMBIGUOUS',
    subType: 'ambiguous-match',
    field: outcome.key.sf,
    value: outcome.value,
    rootCauseKey: rootCauseKey('match', `${m.sfObject}.${outcome.key.sf}`, outcome.value),
    message: ambiguousMessage({ system: 'Salesforce', object: m.sfObject }, outcome, {
      system: 'CRM',
      type: m.crmType,
      ids: outcome.crmIds,
    }),
    duplicateOf: outcome.sfIds[0],
    raw: { candidates: outcome.sfIds, crmRecords: outcome.crmIds, key: outcome.key.kind },
  };
}

/** How long "nothing in Salesforce has this value" is trusted before a retry looks again. */
export const MATCH_MEMORY_MS = 6 * 60 * 60 * 1000;

/** The record's normalized key values, as one comparable string. */
function keyValues(m: ObjectMapping, props: Record<string, string | null>): string {
  return JSON.stringify(matchKeys(m).map((k) => normalizeKey(k.kind, props[k.crm])));
}

/**
 * Matches the unlinked records of a batch and stores the links found (one transaction, before any
 * write). Returns the ambiguous ones' errors by CRM id; the caller records them instead of writing.
 */
export async function linkMatches(
  ctx: PushContext,
  m: ObjectMapping,
  unlinked: { crmId: string; props: Record<string, string | null>; name: string | null }[],
  stats?: MatchStats,
): Promise<Map<string, ErrorInput>> {
  const ambiguous = new Map<string, ErrorInput>();
  if (!unlinked.length) return ambiguous;
  // A record whose values were found in no Salesforce record lately (its create failed, it is retried)
  // is not looked up again: its retry spends no matching query.
  const t0 = ctx.now();
  const keyed = unlinked.map((r) => ({ ...r, keys: keyValues(m, r.props) }));
  const remembered: typeof keyed = [];
  for (const r of keyed) {
    const since = await ctx.store.noMatchSince(m.crmType, r.crmId, r.keys);
    if (since !== null && t0 - since < MATCH_MEMORY_MS) remembered.push(r);
  }
  if (stats) stats.remembered = (stats.remembered ?? 0) + remembered.length;
  const lookup = keyed.filter((r) => !remembered.includes(r));
  const outcomes = lookup.length ? await matchInSalesforce(ctx, m, lookup, stats) : new Map();
  let linked = 0;
  await ctx.store.tx(async () => {
    const t = ctx.now();
    for (const r of lookup) {
      const o = outcomes.get(r.crmId);
      if (!o) {
        await ctx.store.rememberNoMatch(m.crmType, r.crmId, r.keys, t);
        continue;
      }
      await ctx.store.forgetMatch(m.crmType, r.crmId);
      if (o.kind === 'many') {
        ambiguous.set(r.crmId, ambiguousError(m, r.crmId, r.name, o));
        continue;
      }
      await ctx.store.putLink({
        crmType: m.crmType,
        crmId: r.crmId,
        sfObject: m.sfObject,
        sfId: o.sfId,
        name: r.name,
      });
      // Until the CRM id is in its external-id field, an upsert on that field would make a twin.
      await ctx.store.setStampPending(m.crmType, r.crmId, true);
      linked++;
      await ctx.store.addHistory(
        m.crmType,
        r.crmId,
        t,
        'match',
        `linked to the existing Salesforce ${m.sfObject} with the same ${o.key.kind} (${o.value})`,
        null,
        o.sfId,
      );
    }
  });
  if (linked) ctx.hooks?.afterMatchLinked?.({ crmType: m.crmType, linked });
  return ambiguous;
}
