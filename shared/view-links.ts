/** @module Record page URLs on both sides, built from what the proxy knows (base URLs, portal, ids). */
import type { HubspotObjectType } from './crm-types';
import { HUBSPOT_TYPE_IDS } from './record-url';
import type { SubType } from './taxonomy';

export type { HubspotObjectType };

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

/** Setup pages that list an object's automation; a rule or flow has no page of its own without its Setup id. */
const SETUP_PAGES: Readonly<Partial<Record<SubType, (object: string) => string>>> = {
  'validation-rule': (object: string) => `ObjectManager/${encodeURIComponent(object)}/ValidationRules/view`,
  'apex-trigger': (object: string) => `ObjectManager/${encodeURIComponent(object)}/ApexTriggers/view`,
  // Flows and processes are listed org-wide; the error names the flow by its label.
  flow: () => 'Flows/home',
};

/**
 * The Lightning Setup page where the validation rule, flow or Apex trigger behind an error can be found,
 * or null for sub-types that are not automation.
 * @example automationSetupUrl({ instanceUrl: 'https://acme.my.salesforce.com', subType: 'apex-trigger', object: 'Account' })
 *   // 'https://acme.lightning.force.com/lightning/setup/ObjectManager/Account/ApexTriggers/view'
 */
export function automationSetupUrl(p: {
  instanceUrl: string;
  subType: SubType;
  object: string;
}): string | null {
  const page = SETUP_PAGES[p.subType];
  return page && p.object ? `${lightningBaseUrl(p.instanceUrl)}/lightning/setup/${page(p.object)}` : null;
}
