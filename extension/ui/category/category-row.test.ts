import { describe, expect, it } from 'vitest';
import { type ErrorItemLike, toCategoryRow } from './category-row';

const item: ErrorItemLike = {
  id: '7',
  crmType: 'contacts',
  crmId: '501',
  sfObject: 'Contact',
  sfId: '003000000000001AAA',
  recordName: 'Ada Lovelace',
  code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  subType: 'picklist-value-missing',
  field: 'LeadSource',
  value: 'Podcast',
  rule: null,
  message: 'bad value for restricted picklist field: Podcast',
  summary: "value 'Podcast' is not in LeadSource",
  blockingType: null,
  blockingId: null,
  blockingName: null,
  affectedRecords: 1,
  lastSeen: 1000,
};
const links = {
  instanceUrl: 'https://acme.my.salesforce.com',
  crmUiBaseUrl: 'https://app.hubspot.com',
  portalId: '42',
};

describe('toCategoryRow', () => {
  it('links the record on both sides', () => {
    const row = toCategoryRow(item, links);
    expect(row.crmUrl).toBe('https://app.hubspot.com/contacts/42/record/0-1/501');
    expect(row.sfUrl).toBe('https://acme.lightning.force.com/lightning/r/Contact/003000000000001AAA/view');
  });

  it('has no Salesforce link for a record that was never created there', () => {
    expect(toCategoryRow({ ...item, sfId: null }, links).sfUrl).toBeNull();
  });

  it('shows the summary as the detail and the sub-type title, with the facts for the steps', () => {
    const row = toCategoryRow(item, links);
    expect(row.title).toBe('Value not in the picklist');
    expect(row.detail).toBe("value 'Podcast' is not in LeadSource");
    expect(row.details).toMatchObject({ object: 'Contact', field: 'LeadSource', value: 'Podcast' });
  });

  it('states the field and value the error is about', () => {
    expect(toCategoryRow(item, links).fact).toBe('Contact.LeadSource = "Podcast"');
    expect(toCategoryRow({ ...item, field: null, rule: 'Website_Must_Be_Https' }, links).fact).toBe(
      'Rule: Website_Must_Be_Https',
    );
  });

  it('names a record without a name by its type and id', () => {
    expect(toCategoryRow({ ...item, recordName: null }, links).name).toBe('contact 501');
  });

  it('treats an unknown sub-type as other rather than failing', () => {
    expect(toCategoryRow({ ...item, subType: 'brand-new' }, links).subType).toBe('other');
  });

  it('links the blocking record of an associations error', () => {
    const row = toCategoryRow(
      { ...item, blockingType: 'companies', blockingId: '88', blockingName: 'Biotech Labs' },
      links,
    );
    expect(row.blocking).toEqual({
      name: 'Biotech Labs',
      url: 'https://app.hubspot.com/contacts/42/record/0-2/88',
    });
  });

  it('leaves links out until the link bases are known', () => {
    const row = toCategoryRow(item, null);
    expect([row.crmUrl, row.sfUrl]).toEqual([null, null]);
  });
});
