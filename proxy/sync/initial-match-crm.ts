/**
 * @module Initial matching, Salesforce → CRM: before a record made in Salesforce is created in the CRM,
 * find the record the CRM already has (contacts by email, companies by domain host) through the CRM's
 * search; one match is written as an update of that record, several are a Duplicates error.
 */

import { rootCauseKey } from '../../shared/taxonomy';
import type { ErrorInput } from '../store';
import type { SfPullContext } from './contexts';
import type { ObjectMapping } from './default-mapping';
import { hostOf, type MatchKind, normalizeKey } from './initial-match-keys';

export type CrmMatch =
  | { kind: 'one'; crmId: string; property: string; value: string }
  | { kind: 'many'; crmIds: string[]; property: string; value: string; sfIds?: string[] };

const CRM_KEYS: Record<string, { kind: MatchKind; property: string }> = {
  contacts: { kind: 'email', property: 'email' },
  companies: { kind: 'domain', property: 'domain' },
};

/** The ways a host may be written in the CRM's domain property: the search compares whole values. */
const domainForms = (host: string) =>
  [host, `www.${host}`].flatMap((h) => [h, `http://${h}`, `https://${h}`, `https://${h}/`]);

/**
 * Looks up the CRM twins of records made in Salesforce; an outcome per Salesforce id that matched.
 * A CRM record already holding another Salesforce id, or linked, is not a candidate; one holding this
 * record's own id is (a replay after a crash finds the record it wrote).
 */
export async function matchInCrm(
  ctx: SfPullContext,
  m: ObjectMapping,
  records: { sfId: string; props: Record<string, string | null> }[],
): Promise<Map<string, CrmMatch>> {
  const out = new Map<string, CrmMatch>();
  const key = CRM_KEYS[m.crmType];
  if (!key || !m.fields.some((f) => f.crm === key.property)) return out;
  const bySfId = new Map<string, string>();
  for (const r of records) {
    const v = normalizeKey(key.kind, r.props[key.property]);
    if (v) bySfId.set(r.sfId, v);
  }
  if (!bySfId.size) return out;
  const values = [...new Set(bySfId.values())];
  const found = await ctx.crm.findByValues(
    m.crmType,
    key.property,
    key.kind === 'domain' ? values.flatMap(domainForms) : values,
    [m.crmIdProperty],
  );
  const byValue = new Map<string, { id: string; sfId: string | null }[]>();
  for (const r of found) {
    const raw = r.properties[key.property];
    const v = key.kind === 'domain' ? (raw ? hostOf(raw) : null) : normalizeKey(key.kind, raw);
    if (!v) continue;
    const linked = (await ctx.store.link(m.crmType, r.id))?.sfId ?? null;
    byValue.set(v, [...(byValue.get(v) ?? []), { id: r.id, sfId: r.properties[m.crmIdProperty] || linked }]);
  }
  for (const [sfId, value] of bySfId) {
    const candidates = (byValue.get(value) ?? []).filter((c) => c.sfId === null || c.sfId === sfId);
    if (!candidates.length) continue;
    out.set(
      sfId,
      candidates.length === 1
        ? { kind: 'one', crmId: candidates[0].id, property: key.property, value }
        : { kind: 'many', crmIds: candidates.map((c) => c.id), property: key.property, value },
    );
  }
  // Several Salesforce records of the batch (the first sync's copy of an org with duplicates) matching
  // one CRM record: none is linked to it, or the CRM record would be written twice in one batch.
  const claims = new Map<string, string[]>();
  for (const [sfId, o] of out)
    if (o.kind === 'one') claims.set(o.crmId, [...(claims.get(o.crmId) ?? []), sfId]);
  for (const [crmId, sfIds] of claims) {
    if (sfIds.length < 2) continue;
    for (const sfId of sfIds) {
      const o = out.get(sfId) as Extract<CrmMatch, { kind: 'one' }>;
      out.set(sfId, { kind: 'many', crmIds: [crmId], property: o.property, value: o.value, sfIds });
    }
  }
  return out;
}

/** The Duplicates error of a Salesforce record whose CRM twin is ambiguous ("2 CRM contacts share …"). */
export function ambiguousCrmError(
  m: ObjectMapping,
  sfId: string,
  crmId: string,
  match: Extract<CrmMatch, { kind: 'many' }>,
): ErrorInput {
  return {
    category: 'duplicates',
    crmType: m.crmType,
    crmId,
    sfObject: m.sfObject,
    sfId,
    code: 'MATCH_AMBIGUOUS',
    subType: 'ambiguous-match',
    field: match.property,
    value: match.value,
    rootCauseKey: rootCauseKey('match', `${m.crmType}.${match.property}`, match.value),
    message:
      match.sfIds && match.crmIds.length === 1
        ? `${match.sfIds.length} Salesforce ${m.sfObject} records share ${match.value} with CRM record ${match.crmIds[0]}: ${match.sfIds.join(', ')}. Merge them in Salesforce, or clear the value on all but one, and resync.`
        : `${match.crmIds.length} CRM ${m.crmType} share ${match.value}: ${match.crmIds.join(', ')}. Merge them in the CRM, or clear the value on all but one, and resync.`,
    raw: { candidates: match.crmIds, ...(match.sfIds ? { salesforceCandidates: match.sfIds } : {}) },
  };
}
