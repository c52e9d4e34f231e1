/**
 * @module The one naming rule for the objects the sync moves, wherever the panel, the steps or the history
 * name one: the HubSpot name an admin of this product uses every day, with the Salesforce name in
 * parentheses where it differs ("Deal (Opportunity)", "Companies (Accounts)"); "Contact" and "Lead" read
 * the same on both sides. Takes either side's API name in any case ("Opportunity", "deals", "account"),
 * so that stored text written with lowercase API names reads the same as new text.
 */

interface ObjectNames {
  hubspot: [one: string, many: string];
  salesforce: [one: string, many: string];
}

const OBJECTS: Readonly<Record<string, ObjectNames>> = {
  contact: { hubspot: ['Contact', 'Contacts'], salesforce: ['Contact', 'Contacts'] },
  company: { hubspot: ['Company', 'Companies'], salesforce: ['Account', 'Accounts'] },
  deal: { hubspot: ['Deal', 'Deals'], salesforce: ['Opportunity', 'Opportunities'] },
  lead: { hubspot: ['Lead', 'Leads'], salesforce: ['Lead', 'Leads'] },
  // Tickets are not synced (a ticket page's errors link elsewhere): no Salesforce name to add.
  ticket: { hubspot: ['Ticket', 'Tickets'], salesforce: ['Ticket', 'Tickets'] },
};

/** Every API name either side uses for an object, lowercased, to its entry above. */
const BY_API_NAME: ReadonlyMap<string, string> = new Map([
  ['contact', 'contact'],
  ['contacts', 'contact'],
  ['account', 'company'],
  ['accounts', 'company'],
  ['company', 'company'],
  ['companies', 'company'],
  ['opportunity', 'deal'],
  ['opportunities', 'deal'],
  ['deal', 'deal'],
  ['deals', 'deal'],
  ['lead', 'lead'],
  ['leads', 'lead'],
  ['ticket', 'ticket'],
  ['tickets', 'ticket'],
]);

export interface ObjectWordsOptions {
  /** "Deals (Opportunities)" instead of "Deal (Opportunity)". */
  plural?: boolean;
  /** Only the HubSpot name ("Deal"), where the Salesforce side is not in question (a HubSpot record page). */
  hubspotOnly?: boolean;
}

/**
 * An object in an admin's words.
 * @example objectWords('Opportunity') === 'Deal (Opportunity)'
 * @example objectWords('companies', { plural: true }) === 'Companies (Accounts)'
 * @example objectWords('Contact') === 'Contact'
 * @example objectWords('Invoice__c') === 'Invoice__c' // an object the sync does not know stays as it is
 */
export function objectWords(apiName: string, options: ObjectWordsOptions = {}): string {
  const key = BY_API_NAME.get(apiName.toLowerCase());
  if (!key) return apiName;
  const names = OBJECTS[key]!;
  const n = options.plural ? 1 : 0;
  const hubspot = names.hubspot[n];
  const salesforce = names.salesforce[n];
  return options.hubspotOnly || hubspot === salesforce ? hubspot : `${hubspot} (${salesforce})`;
}
