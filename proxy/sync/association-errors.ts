/**
 * @module The errors of Salesforce → CRM associations: which they are (a push must neither resolve nor
 * retry them), how they are worded, and how a resync, a retry or a newly linked Account queues them again.
 */
import { rootCauseKey } from '../../shared/taxonomy';
import type { CrmAssociateResult } from '../crm/types';
import type { CrmType, ErrorInput, SfParent, Store } from '../store';
import { classifyRecorded } from './classify';
import { companyReference, type ObjectMapping } from './default-mapping';

export const BLOCKED_CODE = 'ACCOUNT_NOT_IN_CRM';
export const LIMIT_CODE = 'TOO_MANY_ASSOCIATIONS';
const OTHER_KIND = 'crm-association';

/** The record an association error is about. */
export interface AssociationRef {
  crmId: string;
  sfId: string;
  account: SfParent;
  name: string | null;
}

/** Open errors this direction recorded on a record (the others belong to the push to Salesforce). */
export async function openAssociationErrors(store: Store, crmType: CrmType, crmId: string) {
  return await store.openErrorsOfRecord(crmType, crmId, [BLOCKED_CODE, LIMIT_CODE], `${OTHER_KIND}:`);
}

/** Dedupe keys of those errors: a push to Salesforce resolving the record's errors keeps them open. */
export async function keepAssociationErrors(
  store: Store,
  crmType: CrmType,
  crmId: string,
  kept = new Set<string>(),
) {
  for (const e of await openAssociationErrors(store, crmType, crmId)) kept.add(e.dedupeKey);
  return kept;
}

/** Resolves a record's errors after a push to Salesforce, except ours and the `kept` ones. */
export const resolvePushed = async (
  store: Store,
  crmType: CrmType,
  crmId: string,
  t: number,
  kept?: Set<string>,
) => await store.resolveRecord(crmType, crmId, t, await keepAssociationErrors(store, crmType, crmId, kept));

/** Whether an error row is one of ours: a resync or retry re-queues the association, not a push. */
export const isCrmAssociationError = (e: { code: string; rootCauseKey: string }) =>
  e.code === BLOCKED_CODE || e.code === LIMIT_CODE || e.rootCauseKey.startsWith(`${OTHER_KIND}:`);

/** The queued item that retries one of our errors: the account is kept in the error (field AccountId). */
export async function requeueAssociationError(
  store: Store,
  e: {
    crmType: CrmType;
    crmId: string;
    sfId: string | null;
    value: string | null;
    code?: string;
    blockingName?: string | null;
  },
  t: number,
): Promise<boolean> {
  if (!e.sfId || !e.value) return false;
  // A blocked record's error names its Account; the others name the company, not the Account.
  const account = { id: e.value, name: e.code === BLOCKED_CODE ? (e.blockingName ?? null) : null };
  await store.enqueue('to-crm', e.crmType, e.sfId, { associate: { crmId: e.crmId, account } }, t);
  return true;
}

/** An Account just got its CRM company: the records waiting for it are queued again. */
export async function requeueForAccount(store: Store, accountSfId: string, t: number): Promise<void> {
  for (const r of await store.openErrorsBlockedBy(BLOCKED_CODE, `sf:${accountSfId}`))
    await requeueAssociationError(store, { ...r, code: BLOCKED_CODE }, t);
}

const named = (name: string | null, what: string) => (name ? `"${name}" (${what})` : what);

function base(m: ObjectMapping, p: AssociationRef) {
  const ref = companyReference(m);
  return {
    crmType: m.crmType,
    crmId: p.crmId,
    sfObject: m.sfObject,
    sfId: p.sfId,
    recordName: p.name,
    field: ref?.sf ?? 'AccountId',
    value: p.account.id,
  };
}

/** The Account is not linked to a CRM company: the record waits for it, like a push waits for its parent. */
export function blockedError(m: ObjectMapping, p: AssociationRef): ErrorInput {
  const account = named(p.account.name, `Account ${p.account.id}`);
  return {
    ...base(m, p),
    category: 'associations',
    code: BLOCKED_CODE,
    subType: 'blocking-record-not-synced',
    rootCauseKey: rootCauseKey('blocking', 'companies', `sf:${p.account.id}`),
    message: `Not associated in the CRM: its Salesforce Account ${account} has no company in the CRM yet. Fix that Account's own sync error; this record is associated as soon as the Account is linked.`,
    blocking: { type: 'companies', id: `sf:${p.account.id}`, name: p.account.name },
  };
}

/** HubSpot refused the pair: its association limit (the company is named), or another reason kept raw. */
export function refusedError(
  m: ObjectMapping,
  p: AssociationRef,
  company: { id: string; name: string | null },
  res: CrmAssociateResult | undefined,
): ErrorInput {
  const code = res && !res.ok ? res.code : 'NO_RESULT';
  const reason = res && !res.ok ? res.message : 'HubSpot returned no result for this association';
  const target = named(company.name, `companies ${company.id}`);
  if (code === LIMIT_CODE) {
    return {
      ...base(m, p),
      category: 'associations',
      code,
      subType: 'association-limit',
      // One group per company: freeing room on it resolves every record behind it.
      rootCauseKey: rootCauseKey('association-limit', target),
      message: `Not associated in the CRM with company ${target} (the company of its Salesforce Account): the company is at HubSpot's association limit. ${reason}. Remove associations the company no longer needs in HubSpot, or raise the limit in HubSpot Settings → Objects → Associations, then resync this error.`,
      blocking: { type: 'companies', id: company.id, name: company.name },
      raw: res,
    };
  }
  // A refusal HubSpot calls temporary that is recorded anyway (its retries ran out) is a temporary failure.
  const c = classifyRecorded({ source: 'hubspot', code, message: reason });
  return {
    ...base(m, p),
    category: c.category,
    code,
    subType: c.subType,
    rootCauseKey: rootCauseKey(OTHER_KIND, code),
    summary: c.summary,
    message: `Not associated in the CRM with company ${target}: ${reason}`,
    raw: res,
  };
}

/** A company just synced: the records it held back go back into the queue. */
export async function requeueBlockedBy(store: Store, companyId: string, t: number): Promise<void> {
  // A company at its association limit blocks CRM associations, not pushes: those wait for a resync.
  for (const r of await store.recordsBlockedByCompany(companyId, LIMIT_CODE)) {
    if (!(await store.isQueued('to-sf', r.crmType, r.crmId)))
      await store.enqueue('to-sf', r.crmType, r.crmId, { refetch: true, reason: 'parent synced' }, t);
  }
}
