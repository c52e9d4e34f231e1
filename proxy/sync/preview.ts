/**
 * @module The dry run: reads both sides as the next sync would (CRM changes since the cursor, the queue,
 * cached describes, matching queries) and tells, per object, what it would create, link, update, what is
 * ambiguous and what preflight knows will fail, with the Salesforce calls it would spend; and, on a first
 * sync, how many records Salesforce already holds that it would copy to the CRM. It writes to
 * neither side, and moves no cursor and no queue item.
 */
import type { PreviewAmbiguous, PreviewAnswer, PreviewObject } from '../../shared/api/preview';
import { objectForId, toId18 } from '../../shared/salesforce-id';
import type { Category } from '../../shared/taxonomy';
import type { CrmConnector, CrmCursor } from '../crm/types';
import type { DescribeResult, SalesforceAdapter } from '../salesforce/adapter';
import { COLLECTION_MAX } from '../salesforce/adapter';
import type { Store } from '../store';
import type { RetryOptions } from './call-policy';
import { contentHash } from './content-hash';
import { type ObjectMapping, recordName } from './default-mapping';
import { type Inclusion, readInclusion } from './inclusion-list';
import { type MatchStats, matchInSalesforce } from './initial-match';
import { LEAD, leadMapping, withCompany } from './lead-routing';
import { preflight } from './preflight';
import { crmCursorKey } from './pull-from-crm';
import { countToCopy } from './pull-from-salesforce';
import { crmProperties, type PushPayload } from './push-to-salesforce';
import { classifyPreflight } from './record-failure';

const PAGE = 100;
const AMBIGUOUS_SHOWN = 50;

export interface PreviewDeps {
  store: Store;
  salesforce: SalesforceAdapter;
  crm: CrmConnector;
  now: () => number;
  retry: RetryOptions;
  /** The Lead describe for CRM contacts that live as Leads (cached like the others; may cost one call). */
  leadDescribe?: (contacts: ObjectMapping) => Promise<DescribeResult | undefined>;
}

interface Candidate {
  crmId: string;
  props: Record<string, string | null>;
  companyId: string | null;
}

/** The CRM records the next run would queue (changes since the cursor) plus those already queued. */
interface Pending {
  records: Candidate[];
  unchanged: number;
}

async function pendingFromCrm(deps: PreviewDeps, m: ObjectMapping): Promise<Pending> {
  const { store, crm } = deps;
  const out = new Map<string, Candidate>();
  const queued = await store.peek('to-sf', m.crmType, Number.MAX_SAFE_INTEGER);
  const refetch: string[] = [];
  for (const item of queued) {
    const p = item.payload;
    if (p.kind === 'refetch') refetch.push(item.recordId);
    else out.set(item.recordId, { crmId: item.recordId, props: p.props, companyId: p.companyId });
  }
  const stored = await store.cursor(crmCursorKey(m));
  let since: CrmCursor | null = stored ? { updatedAt: stored.updatedAt, id: '' } : null;
  const read: Candidate[] = [];
  for (;;) {
    const page = await crm.changedSince(m.crmType, since, crmProperties(m), PAGE);
    const live = page.records.filter((r) => !r.archived);
    for (const r of live) read.push({ crmId: r.id, props: r.properties, companyId: null });
    if (!page.next || page.records.length < PAGE) break;
    since = page.next;
  }
  for (let i = 0; i < refetch.length; i += PAGE) {
    const records = await crm.batchRead(m.crmType, refetch.slice(i, i + PAGE), crmProperties(m));
    for (const r of records) read.push({ crmId: r.id, props: r.properties, companyId: null });
  }
  if (m.references.length) {
    for (let i = 0; i < read.length; i += PAGE) {
      const ids = read.slice(i, i + PAGE).map((r) => r.crmId);
      for (const a of await crm.associations(m.crmType, ids, 'companies')) {
        const r = read.find((x) => x.crmId === a.fromId);
        if (r && !r.companyId) r.companyId = a.toId;
      }
    }
  }
  let unchanged = 0;
  for (const r of read) {
    // What the pull would drop: unchanged since it was last synced (or tried).
    if (
      !out.has(r.crmId) &&
      (await store.contentHash(m.crmType, r.crmId)) === contentHash(m, r.props, r.companyId)
    ) {
      unchanged++;
      continue;
    }
    out.set(r.crmId, r);
  }
  return { records: [...out.values()], unchanged };
}

/**
 * Which pending CRM contacts the push sends to Lead (routeToLead): those linked to a Lead, those whose
 * `salesforce_id` names a Lead the run adopts first (adoptCrmLead), and new ones while "create as Leads"
 * is on. Their props get the Company a Lead is written with (withCompany).
 */
async function splitLeads(
  deps: PreviewDeps,
  m: ObjectMapping,
  pending: Pending,
): Promise<Pending & { rest: Pending; adopted: Set<string> }> {
  const { store } = deps;
  const asLead = (await store.recordRules()).contactsCreateAs === LEAD;
  const records: Candidate[] = [];
  const rest: Candidate[] = [];
  const adopted = new Set<string>();
  for (const r of pending.records) {
    const link = await store.link(m.crmType, r.crmId);
    let toLead = asLead;
    if (link?.sfId) toLead = link.sfObject === LEAD;
    else {
      const given = r.props[m.crmIdProperty]?.trim();
      const sfId = given ? toId18(given) : null;
      if (!link && sfId && objectForId(sfId) === LEAD && !(await store.linkBySfId(sfId))) {
        adopted.add(r.crmId);
        toLead = true;
      }
    }
    if (toLead)
      records.push({ ...r, props: await withCompany(store, r.props, r.companyId), companyId: null });
    else rest.push(r);
  }
  return { records, unchanged: 0, rest: { records: rest, unchanged: pending.unchanged }, adopted };
}

/** Previews one object; `parents` are the company ids the preview expects linked after its companies. */
async function previewObject(
  deps: PreviewDeps,
  m: ObjectMapping,
  describe: DescribeResult,
  parents: Set<string>,
  stats: MatchStats,
  inclusion: Pick<Inclusion, 'has'> | null,
  pending: Pending,
  /** CRM contacts the run links to the Lead their `salesforce_id` names (adoptCrmLead): updates, not creates. */
  adopted: ReadonlySet<string> = new Set(),
): Promise<PreviewObject> {
  const { store } = deps;
  const { unchanged } = pending;
  // Contacts outside the inclusion list are left out as the run's push leaves them (a stamp still due goes out).
  const records: Candidate[] = [];
  let notInList = 0;
  for (const r of pending.records)
    if (
      !inclusion ||
      m.crmType !== 'contacts' ||
      inclusion.has(r.crmId) ||
      (await store.link('contacts', r.crmId))?.stampPending
    )
      records.push(r);
    else notInList++;
  const failing: Partial<Record<Category, number>> = {};
  const fail = (c: Category) => {
    failing[c] = (failing[c] ?? 0) + 1;
  };
  let toUpdate = 0;
  const creates: Candidate[] = [];
  for (const r of records) {
    const link = await store.link(m.crmType, r.crmId);
    const linked = Boolean(link?.sfId) || adopted.has(r.crmId);
    const at = { crmType: m.crmType, crmId: r.crmId, sfObject: m.sfObject, sfId: link?.sfId ?? null };
    const issues = preflight(m, describe, r.props, !linked).issues;
    let parentMissing = false;
    for (const ref of m.references)
      if (r.companyId && !parents.has(r.companyId) && !(await store.link(ref.to, r.companyId))?.sfId) {
        parentMissing = true;
        break;
      }
    if (issues.length) fail(classifyPreflight(at, issues[0]).category);
    else if (parentMissing) fail('associations');
    else if (linked) toUpdate++;
    else creates.push(r);
  }
  const matches = await matchInSalesforce(deps, m, creates, stats);
  let toLink = 0;
  const ambiguous: PreviewAmbiguous[] = [];
  for (const r of creates) {
    const o = matches.get(r.crmId);
    if (o?.kind === 'one') toLink++;
    else if (o?.kind === 'many')
      ambiguous.push({ crmId: r.crmId, name: recordName(m, r.props), value: o.value, candidates: o.sfIds });
  }
  const toCreate = creates.length - toLink - ambiguous.length;
  if (m.crmType === 'companies') {
    for (const r of records) if ((await store.link(m.crmType, r.crmId))?.sfId) parents.add(r.crmId);
    for (const r of creates) if (matches.get(r.crmId)?.kind !== 'many') parents.add(r.crmId);
  }
  return {
    crmType: m.crmType,
    sfObject: m.sfObject,
    read: records.length,
    toCreate,
    toLink,
    toUpdate,
    unchanged,
    ambiguousCount: ambiguous.length,
    ambiguous: ambiguous.slice(0, AMBIGUOUS_SHOWN),
    failing,
    estimatedCalls: Math.ceil((toCreate + toUpdate) / COLLECTION_MAX) + Math.ceil(toLink / COLLECTION_MAX),
    // Salesforce records queued for the CRM are counted once, under the CRM type's own object.
    toCreateInCrm: m.sfObject === LEAD ? 0 : await store.queueSize('to-crm', m.crmType),
    notInList,
    // Less those the push links first (a matched record gets its CRM id there).
    toCopyToCrm: Math.max(0, (await countToCopy(deps, m, describe)) - toLink),
  };
}

/**
 * Builds the preview. `describes` are the cached describes the run would use (loading them may cost a
 * call each, counted in `callsSpent`).
 */
export async function previewSync(
  deps: PreviewDeps,
  mappings: ObjectMapping[],
  describes: Map<string, DescribeResult>,
  acceptance: { required: boolean; acceptedAt: number | null },
  callsBefore: number,
): Promise<PreviewAnswer> {
  const objects: PreviewObject[] = [];
  const stats: MatchStats = { queries: 0 };
  const parents = new Set<string>();
  const inclusion = await readInclusion(deps);
  for (const m of mappings) {
    const d = describes.get(m.sfObject);
    if (!d) continue;
    const pending = await pendingFromCrm(deps, m);
    const leads = m.crmType === 'contacts' ? await splitLeads(deps, m, pending) : null;
    const leadDescribe = leads?.records.length ? await deps.leadDescribe?.(m) : undefined;
    if (!leads || !leadDescribe) {
      objects.push(await previewObject(deps, m, d, parents, stats, inclusion, pending));
      continue;
    }
    // Contacts that live as Leads are counted, checked and matched as the push sends them: to Lead.
    objects.push(await previewObject(deps, m, d, parents, stats, inclusion, leads.rest));
    const lead = leadMapping(m, leadDescribe.fields);
    objects.push(
      await previewObject(deps, lead, leadDescribe, parents, stats, inclusion, leads, leads.adopted),
    );
  }
  const callsSpent = (await deps.store.calls24h(deps.now())) - callsBefore;
  // The run spends the matching queries again (Salesforce may change in between), then the writes;
  // the describes the preview loaded stay cached for it.
  const writes = objects.reduce((n, o) => n + o.estimatedCalls, 0);
  return {
    generatedAt: new Date(deps.now()).toISOString(),
    required: acceptance.required,
    accepted: acceptance.acceptedAt !== null,
    acceptedAt: acceptance.acceptedAt === null ? null : new Date(acceptance.acceptedAt).toISOString(),
    objects,
    copyExisting: (await deps.store.settings()).copyExistingToCrm,
    estimatedCalls: stats.queries + writes,
    callsSpent,
    inclusionList: inclusion && { name: inclusion.name, missing: inclusion.missing },
  };
}
