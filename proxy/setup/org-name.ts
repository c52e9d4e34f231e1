/**
 * @module The org's name, read once when a connected pair starts: `SELECT Name FROM Organization` (one
 * call; every org has exactly one Organization record), so the panel header says whose data it shows.
 */
import type { SalesforceAdapter } from '../salesforce/adapter';
import { soql } from '../salesforce/soql';

/** The org's name, or null when Salesforce gives none. A failed read throws (the caller keeps the id). */
export async function readOrgName(salesforce: Pick<SalesforceAdapter, 'query'>): Promise<string | null> {
  const rows = await salesforce.query<{ Name?: unknown }>(
    soql`SELECT Name FROM Organization LIMIT ${1}`.text,
  );
  const name = rows[0]?.Name;
  return typeof name === 'string' && name.trim() ? name.trim() : null;
}
