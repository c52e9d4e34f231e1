/** @module What a Salesforce call was for, as the meter records it and the health view groups it. */

export const CALL_KINDS = ['write', 'read', 'poll', 'describe', 'composite', 'bulk', 'other'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/** Plural nouns an admin reads after a number ("12 polls for changes"). */
export const CALL_KIND_LABELS: Record<CallKind, { one: string; other: string }> = {
  write: { one: 'write', other: 'writes' },
  read: { one: 'read', other: 'reads' },
  poll: { one: 'check for Salesforce changes', other: 'checks for Salesforce changes' },
  describe: { one: 'field check', other: 'field checks' },
  composite: { one: 'call combining several requests', other: 'calls combining several requests' },
  bulk: { one: 'bulk call', other: 'bulk calls' },
  other: { one: 'other call', other: 'other calls' },
};

/**
 * The kind of a call from its method and path when the caller named none: `GET v62.0/query`,
 * `PATCH Contact/HubSpot_Id__c`, `GET Contact/describe`, `POST v62.0/composite`, `PUT …/jobs/ingest/…`.
 */
export function callKindOf(request: string): CallKind {
  const [method = '', path = ''] = request.split(' ');
  if (/\/describe$|^describe/.test(path)) return 'describe';
  if (/jobs\/(ingest|query)|\/batches/.test(path) || /^(ingest|query)\//.test(path)) return 'bulk';
  if (/(^|\/)composite$/.test(path)) return 'composite';
  if (method === 'GET' && /(^|\/)(query|queryAll)$|\/query\//.test(path)) return 'read';
  if (method === 'GET' || method === 'HEAD') return path.endsWith('limits') ? 'other' : 'read';
  if (method === 'PATCH' || method === 'POST' || method === 'PUT' || method === 'DELETE') return 'write';
  return 'other';
}
