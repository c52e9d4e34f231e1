/**
 * @module Plants a portal and an org that already share people and companies (what an admin's own pair
 * looks like on the first sync), through the sandboxes' control APIs. The fresh-org seed can replace it.
 */
import type { HubspotSandbox } from '../../../proxy/sandbox/hubspot/index';
import type { SalesforceSandbox } from '../../../proxy/sandbox/salesforce/index';

export interface OverlapOptions {
  /** Contacts in both, the same email (Salesforce's in another case). */
  contacts: number;
  /** Companies in both, the same website host (Salesforce's as a full URL with www.). */
  companies: number;
  /** Companies in both with no website in the CRM: matched by exact name. */
  byName?: number;
  /** CRM contacts whose email two Salesforce contacts share. */
  ambiguous?: number;
  /** CRM contacts Salesforce does not have. */
  newContacts?: number;
}

export interface Overlap {
  /** lower-case email → the Salesforce Contact id it should link to. */
  contactByEmail: Map<string, string>;
  /** CRM company id → the Salesforce Account id it should link to. */
  accountByCompany: Map<string, string>;
  /** lower-case email → the Salesforce Contact ids that share it. */
  ambiguousEmails: Map<string, string[]>;
  newEmails: string[];
}

const pad = (i: number) => String(i).padStart(5, '0');

export function plantOverlap(sf: SalesforceSandbox, hs: HubspotSandbox, o: OverlapOptions): Overlap {
  // An admin's own org has none of the demo's planted rules: CRM domains are bare hosts.
  sf.control.setRuleActive('Account', 'Website_Must_Be_Https', false);
  const out: Overlap = {
    contactByEmail: new Map(),
    accountByCompany: new Map(),
    ambiguousEmails: new Map(),
    newEmails: [],
  };
  for (let i = 0; i < o.companies; i++) {
    // A quote in some names: the SOQL literals must be escaped to match them.
    const name = i % 7 === 3 ? `O'Shared ${pad(i)} & Sons` : `Shared Co ${pad(i)}`;
    const host = `shared-${pad(i)}.example`;
    const account = sf.control.insertRecordDirect('Account', { Name: name, Website: `https://www.${host}/` });
    // A decoy whose host merely contains the other's: a LIKE finds it, the host comparison must not.
    if (i % 10 === 0)
      sf.control.insertRecordDirect('Account', { Name: `${name} decoy`, Website: `https://not${host}` });
    const id = hs.control.createRecord('companies', { name, domain: host });
    out.accountByCompany.set(id, account.Id);
  }
  for (let i = 0; i < (o.byName ?? 0); i++) {
    const name = `Named Only ${pad(i)} GmbH`;
    const account = sf.control.insertRecordDirect('Account', { Name: name });
    out.accountByCompany.set(hs.control.createRecord('companies', { name }), account.Id);
  }
  for (let i = 0; i < o.contacts; i++) {
    const email = i % 9 === 4 ? `o'neil.${pad(i)}@shared.example` : `person.${pad(i)}@shared.example`;
    const contact = sf.control.insertRecordDirect('Contact', {
      FirstName: 'Existing',
      LastName: `Person ${pad(i)}`,
      Email: email.toUpperCase(),
    });
    hs.control.createRecord('contacts', { firstname: 'Crm', lastname: `Person ${pad(i)}`, email });
    out.contactByEmail.set(email, contact.Id);
  }
  for (let i = 0; i < (o.ambiguous ?? 0); i++) {
    const email = `twice.${pad(i)}@shared.example`;
    const ids = [0, 1].map(
      (k) => sf.control.insertRecordDirect('Contact', { LastName: `Twice ${pad(i)}-${k}`, Email: email }).Id,
    );
    hs.control.createRecord('contacts', { lastname: `Twice ${pad(i)}`, email });
    out.ambiguousEmails.set(email, ids);
  }
  for (let i = 0; i < (o.newContacts ?? 0); i++) {
    const email = `new.${pad(i)}@crm-only.example`;
    hs.control.createRecord('contacts', { lastname: `New ${pad(i)}`, email });
    out.newEmails.push(email);
  }
  return out;
}
