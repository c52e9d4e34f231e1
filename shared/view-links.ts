/** @module Record page URLs on both sides, built from what the proxy knows (base URLs, portal, ids). */
import { HUBSPOT_TYPE_IDS } from './record-url';

export type HubspotObjectType = 'contacts' | 'companies' | 'deals' | 'tickets';

const TYPE_ID_BY_OBJECT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HUBSPOT_TYPE_IDS).map(([typeId, object]) => [object, typeId]),
);

function trimSlash(base: string): string {
  return base.replace(/\/+$/, '');
}

function checkedBase(name: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error(`${name} "${value}" is not an absolute URL. Use e.g. https://app.hubspot.com`);
  }
}

/**
 * The HubSpot record page. `uiBaseUrl` is the portal's UI root (`https://app-eu1.hubspot.com`, or the
 * sandbox's `http://127.0.0.1:PORT/sandbox/hubspot`).
 * @example hubspotRecordUrl({ uiBaseUrl: 'https://app.hubspot.com', portalId: '42', objectType: 'deals', id: '7' })
 *   // 'https://app.hubspot.com/contacts/42/record/0-3/7'
 */
export function hubspotRecordUrl(p: {
  uiBaseUrl: string;
  portalId: string;
  objectType: HubspotObjectType;
  id: string;
}): string {
  checkedBase('uiBaseUrl', p.uiBaseUrl);
  const typeId = TYPE_ID_BY_OBJECT[p.objectType];
  if (!typeId)
    throw new Error(
      `Unknown HubSpot object type "${p.objectType}". Options: ${Object.keys(TYPE_ID_BY_OBJECT).join(', ')}`,
    );
  return `${trimSlash(p.uiBaseUrl)}/contacts/${encodeURIComponent(p.portalId)}/record/${typeId}/${encodeURIComponent(p.id)}`;
}

/**
 * The Lightning host of an org: `https://X.my.salesforce.com` → `https://X.lightning.force.com`,
 * `X.sandbox.my.salesforce.com` → `X.sandbox.lightning.force.com`. Any other base (the embedded
 * sandbox on loopback) serves its Lightning pages itself, so it is kept as it is.
 */
export function lightningBaseUrl(instanceUrl: string): string {
  const u = checkedBase('instanceUrl', instanceUrl);
  const host = u.hostname.toLowerCase();
  if (host.endsWith('.my.salesforce.com'))
    return `https://${host.slice(0, -'.my.salesforce.com'.length)}.lightning.force.com`;
  return trimSlash(instanceUrl);
}

/**
 * The Lightning record page of a Salesforce record.
 * @example salesforceRecordUrl({ instanceUrl: 'https://acme.my.salesforce.com', object: 'Account', id: '001…' })
 *   // 'https://acme.lightning.force.com/lightning/r/Account/001…/view'
 */
export function salesforceRecordUrl(p: { instanceUrl: string; object: string; id: string }): string {
  return `${lightningBaseUrl(p.instanceUrl)}/lightning/r/${encodeURIComponent(p.object)}/${encodeURIComponent(p.id)}/view`;
}
