import { describe, expect, it } from 'vitest';
import type { ErrorItem } from '../../../shared/api/errors';
import { toCategoryRow } from './category-row';

const item: ErrorItem = {
  id: '7',
  status: 'open',
  category: 'picklists',
  crmType: 'contacts',
  crmId: '501',
  sfObject: 'Contact',
  sfId: null,
  recordName: 'Ada Lovelace',
  code: 'PREFLIGHT_PICKLIST',
  subType: 'picklist-value-missing',
  title: 'Value not in the picklist',
  field: 'LeadSource',
  value: 'Podcast',
  rule: null,
  rootCauseKey: 'picklist:Contact.LeadSource:Podcast',
  message: 'Contact.LeadSource: value is not in the restricted picklist: "Podcast"',
  summary: "Value 'Podcast' is not in Lead Source",
  raw: null,
  setupUrl: null,
  blockingHolds: null,
  blockingType: null,
  blockingId: null,
  blockingName: null,
  affectedRecords: 1,
  firstSeen: 1000,
  lastSeen: 1000,
  occurrences: 1,
  resolvedAt: null,
  steps: ['Add the value "Podcast" to LeadSource.'],
  crmUrl: 'https://app.hubspot.com/contacts/42/record/0-1/501',
  sfUrl: null,
  blockingUrl: null,
  duplicateOf: null,
  duplicateUrl: null,
};

describe('toCategoryRow', () => {
  it('shows the summary as the detail and keeps Salesforce words for the steps panel', () => {
    const row = toCategoryRow(item);
    expect(row.detail).toBe("Value 'Podcast' is not in Lead Source");
    expect(row.raw).toBe(item.message);
  });

  it('does not repeat the message when there is no summary', () => {
    const row = toCategoryRow({ ...item, summary: null });
    expect([row.detail, row.raw]).toEqual([item.message, null]);
  });

  it('states the field and value the error is about in words, with the API name in brackets, or its rule', () => {
    expect(toCategoryRow(item).fact).toBe(`Lead Source field (LeadSource) on Contact: "Podcast"`);
    expect(toCategoryRow({ ...item, sfObject: 'Lead', field: 'Company', value: null }).fact).toBe(
      'Company field on Lead',
    );
    expect(toCategoryRow({ ...item, sfObject: 'Opportunity', field: 'Amount', value: '-5' }).fact).toBe(
      'Amount field on Deal (Opportunity): "-5"',
    );
    expect(toCategoryRow({ ...item, field: null, rule: 'Website_Must_Be_Https' }).fact).toBe(
      'Rule: Website_Must_Be_Https',
    );
    expect(toCategoryRow({ ...item, field: null }).fact).toBeNull();
  });

  it('names a record without a name by its type and id', () => {
    expect(toCategoryRow({ ...item, recordName: null }).name).toBe('contact 501');
  });

  it('names and links the blocking record of an associations error', () => {
    const row = toCategoryRow({
      ...item,
      blockingType: 'companies',
      blockingId: '88',
      blockingName: null,
      blockingUrl: 'https://app.hubspot.com/contacts/42/record/0-2/88',
    });
    expect(row.blocking).toEqual({
      name: 'company 88',
      url: 'https://app.hubspot.com/contacts/42/record/0-2/88',
    });
  });

  it('has no blocking record outside associations', () => {
    expect(toCategoryRow(item).blocking).toBeNull();
  });

  it('links the existing Salesforce record a duplicate matches, and has none otherwise', () => {
    const url = 'https://org.lightning.force.com/lightning/r/Contact/0035j00011k6K0MAAU/view';
    const row = toCategoryRow({ ...item, duplicateOf: '0035j00011k6K0MAAU', duplicateUrl: url });
    expect(row.duplicate).toEqual({ id: '0035j00011k6K0MAAU', url });
    expect(toCategoryRow(item).duplicate).toBeNull();
  });

  it("links a Property mappings error to its mapping row, and no other category's", () => {
    expect(
      toCategoryRow({
        ...item,
        category: 'property-mappings',
        field: 'Customer_Tier__c',
        crmType: 'companies',
      }).mapping,
    ).toEqual({
      crmType: 'companies',
      field: 'Customer_Tier__c',
    });
    expect(toCategoryRow(item).mapping).toBeNull();
  });
});

describe('toCategoryRow names and counts', () => {
  it('names the object by the one naming rule, as the object filter does', () => {
    expect(toCategoryRow({ ...item, sfObject: 'Opportunity' }).object).toBe('Deal (Opportunity)');
    expect(toCategoryRow({ ...item, sfObject: 'Account' }).object).toBe('Company (Account)');
    expect(toCategoryRow(item).object).toBe('Contact');
  });

  it('counts the attempts that met the error, and how many records a blocking record holds back', () => {
    const row = toCategoryRow({ ...item, occurrences: 4, blockingHolds: 3 });
    expect([row.attempts, row.heldBack, row.affectedRecords]).toEqual([4, 3, 1]);
  });
});
