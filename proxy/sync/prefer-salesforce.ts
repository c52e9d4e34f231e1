/**
 * @module "Prefer Salesforce unless blank" on the way to Salesforce: the CRM's value is written only
 * while the Salesforce field is blank. For records that already exist in Salesforce, their current values
 * of those fields are read first (one SOQL query per collection of up to 200 records, only when the pair
 * has such a field and a record carries a value for it); a field Salesforce already fills is left out.
 */
import type { DescribeResult, SalesforceAdapter } from '../salesforce/adapter';
import { soql, soqlIdList, soqlSchema } from '../salesforce/soql';
import { callWithRetry, type RetryOptions } from './call-policy';
import type { ObjectMapping } from './default-mapping';

interface Outgoing {
  /** The Salesforce record this write updates (null: a create, where every field is blank). */
  sfId?: string | null;
  body: Record<string, unknown>;
}

/** Salesforce fields of the pair mapped "Prefer Salesforce unless blank". */
export const preferSalesforceFields = (m: ObjectMapping) =>
  m.fields.filter((f) => f.direction === 'prefer-sf').map((f) => f.sf);

/** Removes from each update's body the prefer-Salesforce fields Salesforce already holds a value for. */
export async function keepSalesforceValues(
  ctx: { salesforce: SalesforceAdapter; retry: RetryOptions; onRetry?: () => void },
  m: ObjectMapping,
  describe: DescribeResult,
  writes: Outgoing[],
): Promise<void> {
  const fields = preferSalesforceFields(m);
  if (!fields.length) return;
  const updates = writes.filter(
    (w): w is Outgoing & { sfId: string } =>
      Boolean(w.sfId) && fields.some((f) => w.body[f] !== undefined && w.body[f] !== null),
  );
  if (!updates.length) return;
  const on = soqlSchema(describe);
  const query = soql`SELECT ${on.fields(['Id', ...fields])} FROM ${on.object} WHERE Id IN ${soqlIdList(updates.map((u) => u.sfId))}`;
  const rows = await callWithRetry(
    () => ctx.salesforce.query<Record<string, unknown>>(query.text),
    m.sfObject,
    ctx.retry,
    ctx.onRetry,
  );
  const current = new Map(rows.map((r) => [String(r.Id).slice(0, 15), r]));
  for (const u of updates) {
    const row = current.get(u.sfId.slice(0, 15));
    for (const f of fields) {
      const held = row?.[f];
      if (held !== null && held !== undefined && held !== '') delete u.body[f];
    }
  }
}
