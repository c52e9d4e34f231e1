/**
 * @module The CRM object types, defined once: those the sync maps, and those a HubSpot record page can be
 * (a ticket page has no Salesforce side, but its errors link there). Zod-free: the extension imports it.
 */

/** CRM object types the sync maps to Salesforce objects. */
export const CRM_TYPES = ['contacts', 'companies', 'deals'] as const;
export type CrmType = (typeof CRM_TYPES)[number];

/** HubSpot object types with record pages the product links to. */
export const HUBSPOT_OBJECT_TYPES = [...CRM_TYPES, 'tickets'] as const;
export type HubspotObjectType = (typeof HUBSPOT_OBJECT_TYPES)[number];

export const isCrmType = (s: string): s is CrmType => (CRM_TYPES as readonly string[]).includes(s);
