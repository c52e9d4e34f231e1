/**
 * @module CRM contacts that live in Salesforce as Leads: the Lead mapping derived from the contact
 * mapping, which queued contacts go to Lead (linked to a Lead, or new while "create as Leads" is on),
 * and conversions followed — the link moves to the Contact Salesforce made, nothing is duplicated, and
 * the converted lead is never written again.
 */
import { objectForId, toId18 } from '../../shared/salesforce-id';
import type { DescribeResult, SalesforceAdapter } from '../salesforce/adapter';
import { soql, soqlIdList } from '../salesforce/soql';
import type { QueueItem, Store } from '../store';
import { callWithRetry, type RetryOptions } from './call-policy';
import type { ObjectMapping } from './default-mapping';

export const LEAD = 'Lead';
/** The CRM contact property HubSpot fills Lead.Company from. */
export const COMPANY_PROPERTY = 'company';
/** Salesforce's answer to a write to a converted lead. */
export const CONVERTED_LEAD_CODE = 'CANNOT_UPDATE_CONVERTED_LEAD';

/** The Lead mapping for CRM contacts: the contact fields Lead also has, plus Company (required on Lead). */
export function leadMapping(contacts: ObjectMapping, leadFields?: DescribeResult['fields']): ObjectMapping {
  const has = (name: string) => !leadFields || leadFields.some((f) => f.name === name);
  return {
    ...contacts,
    sfObject: LEAD,
    fields: [
      ...contacts.fields.filter((f) => has(f.sf)),
      { crm: COMPANY_PROPERTY, sf: 'Company', direction: 'crm-to-sf' },
    ],
    // A Lead has no Account: the company association only names the Company.
    references: [],
  };
}

/** Whether Leads take part in the sync: contacts are created as Leads, or some are linked to one. */
export const leadsInUse = async (store: Store) =>
  (await store.recordRules()).contactsCreateAs === LEAD || (await store.linksTo(LEAD)) > 0;

/**
 * A CRM contact that no link knows but whose `salesforce_id` names a Lead synced before (a portal that
 * synced with "create as Leads", a store set up again): it is linked to that Lead, waiting for its CRM id
 * to be stamped, so its change goes to the Lead by Id, not into a Contact twin. Only Leads need this: an
 * unlinked contact otherwise goes to Contact, where the external id and email matching find their twin.
 * Returns whether it linked.
 */
export async function adoptCrmLead(
  store: Store,
  crmType: string,
  crmId: string,
  props: Record<string, string | null>,
  crmIdProperty: string,
  t: number,
): Promise<boolean> {
  const given = props[crmIdProperty]?.trim();
  const sfId = given ? toId18(given) : null;
  if (crmType !== 'contacts' || !sfId || objectForId(sfId) !== LEAD) return false;
  if (await store.link('contacts', crmId)) return false;
  // Linked to another CRM record already: that one keeps it (a copied property is not a claim).
  if (await store.linkBySfId(sfId)) return false;
  await store.putLink({ crmType: 'contacts', crmId, sfObject: LEAD, sfId });
  await store.setStampPending('contacts', crmId, true);
  await store.addHistory(
    'contacts',
    crmId,
    t,
    'linked',
    `linked to Lead ${sfId}, the Salesforce id the CRM contact holds from an earlier sync`,
    null,
    sfId,
  );
  return true;
}

/** Splits queued contacts: those linked to a Lead, and unlinked ones when new contacts become Leads. */
export async function routeToLead(
  store: Store,
  items: QueueItem<'to-sf'>[],
): Promise<{ lead: QueueItem<'to-sf'>[]; contact: QueueItem<'to-sf'>[] }> {
  const asLead = (await store.recordRules()).contactsCreateAs === LEAD;
  const lead: QueueItem<'to-sf'>[] = [];
  const contact: QueueItem<'to-sf'>[] = [];
  for (const item of items) {
    const link = await store.link('contacts', item.recordId);
    const toLead = link?.sfId ? link.sfObject === LEAD : asLead;
    (toLead ? lead : contact).push(item);
  }
  return { lead, contact };
}

/**
 * The Company a Lead gets: the contact's own `company` property, else the name of the company it is
 * associated with (as synced), else blank — and Salesforce's required-field check says so.
 */
export async function withCompany(
  store: Store,
  props: Record<string, string | null>,
  companyId: string | null,
): Promise<Record<string, string | null>> {
  if (props[COMPANY_PROPERTY]) return props;
  const name = companyId ? (await store.link('companies', companyId))?.name : null;
  return name ? { ...props, [COMPANY_PROPERTY]: name } : props;
}

/**
 * Moves the link of a converted lead's CRM contact to the Contact it became: the next push writes the
 * CRM id into that Contact (update by Id) and `salesforce_id` follows. Returns whether it moved.
 */
export async function followConversion(
  store: Store,
  crmId: string,
  leadId: string,
  contactId: string,
  t: number,
): Promise<boolean> {
  const link = await store.link('contacts', crmId);
  if (!link || link.sfObject !== LEAD || link.sfId !== leadId) return false;
  await store.moveLink('contacts', crmId, 'Contact', contactId, true);
  await store.addHistory(
    'contacts',
    crmId,
    t,
    'converted',
    `converted in Salesforce: Lead ${leadId} became Contact ${contactId}; the sync follows the Contact`,
    null,
    contactId,
  );
  await store.enqueue(
    'to-sf',
    'contacts',
    crmId,
    { refetch: true, reason: 'lead converted in Salesforce' },
    t,
  );
  return true;
}

/** Reads which of these leads were converted and follows each; one query of ≤200 ids. */
export async function followConversions(
  ctx: { store: Store; salesforce: SalesforceAdapter; retry: RetryOptions; now: () => number },
  refused: { crmId: string; leadId: string }[],
): Promise<number> {
  if (!refused.length) return 0;
  const query = soql`SELECT Id, IsConverted, ConvertedContactId FROM Lead WHERE Id IN ${soqlIdList(refused.map((r) => r.leadId))}`;
  const rows = await callWithRetry(
    () => ctx.salesforce.query<Record<string, unknown>>(query.text),
    LEAD,
    ctx.retry,
  );
  let moved = 0;
  await ctx.store.tx(async () => {
    const t = ctx.now();
    for (const r of refused) {
      const row = rows.find((x) => x.Id === r.leadId);
      if (
        row?.IsConverted &&
        row.ConvertedContactId &&
        (await followConversion(ctx.store, r.crmId, r.leadId, String(row.ConvertedContactId), t))
      )
        moved++;
    }
  });
  return moved;
}
