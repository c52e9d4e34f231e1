/** @module A hash of a record's mapped values, so that a change we wrote ourselves is not synced back (echo). */
import { createHash } from 'node:crypto';
import type { ObjectMapping } from './default-mapping';

/** Hash of the CRM-side values of the fields that flow both ways, as strings. */
export function contentHash(
  m: ObjectMapping,
  crmValues: Record<string, string | null | undefined>,
  companyId?: string | null,
): string {
  const h = createHash('sha1');
  for (const f of m.fields) {
    const v = crmValues[f.crm];
    h.update(`${f.crm}=${v === undefined || v === null ? '' : v}\u0000`);
  }
  h.update(`@company=${companyId ?? ''}`);
  return h.digest('base64url');
}
