/** @module HubSpot calls the generated client cannot make as we need them, through its generic apiRequest. */
import type { Client } from '@hubspot/api-client';
import type { AssociateOutcome } from './batch-associate';

/** batch/associate/default as sent over the wire: 200 with results, or 207 with results and errors. */
export interface AssociateBody {
  results?: { from: { id: string | number }; to: { id: string | number } }[];
  errors?: AssociateOutcome['errors'];
}

/**
 * A JSON call through the client's generic apiRequest (same auth and base). Used where the generated
 * method loses the answer: createDefault treats HubSpot's 207 as a failure and its error model drops
 * `results`, so the pairs that were made could not be told from the refused ones.
 */
export async function hubspotJson<T>(
  client: Client,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ httpStatusCode: number; data: T }> {
  const res = await client.apiRequest({ method, path, body });
  const json = await res.json().catch(() => undefined);
  if (!res.ok)
    throw Object.assign(new Error(`HTTP ${res.status}`), {
      code: res.status,
      body: json,
      headers: Object.fromEntries(res.headers.entries()),
    });
  return { httpStatusCode: res.status, data: json as T };
}

interface AccountDetails {
  portalId: number;
  uiDomain?: string;
  timeZone?: string;
}

/** The generated client has no account-info API; its generic apiRequest reaches it with the same auth. */
export function accountDetails(client: Client): Promise<{ httpStatusCode: number; data: AccountDetails }> {
  return hubspotJson<AccountDetails>(client, 'GET', '/account-info/v3/details');
}
