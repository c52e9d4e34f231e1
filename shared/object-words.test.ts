import { describe, expect, it } from 'vitest';
import { objectWords } from './object-words';

describe('objectWords names an object by its HubSpot name, the Salesforce name in parentheses where it differs', () => {
  it.each([
    ['Opportunity', 'Deal (Opportunity)'],
    ['deals', 'Deal (Opportunity)'],
    ['opportunity', 'Deal (Opportunity)'],
    ['Account', 'Company (Account)'],
    ['companies', 'Company (Account)'],
    ['Contact', 'Contact'],
    ['contacts', 'Contact'],
    ['Lead', 'Lead'],
    ['tickets', 'Ticket'],
  ])('%s reads "%s"', (apiName, words) => {
    expect(objectWords(apiName)).toBe(words);
  });

  it.each([
    ['Opportunity', 'Deals (Opportunities)'],
    ['Account', 'Companies (Accounts)'],
    ['contacts', 'Contacts'],
    ['Lead', 'Leads'],
  ])('%s in the plural reads "%s"', (apiName, words) => {
    expect(objectWords(apiName, { plural: true })).toBe(words);
  });

  it('gives only the HubSpot name when asked, for a HubSpot record page', () => {
    expect(objectWords('deals', { hubspotOnly: true })).toBe('Deal');
    expect(objectWords('companies', { hubspotOnly: true, plural: true })).toBe('Companies');
  });

  it('leaves an object it does not know as it is', () => {
    expect(objectWords('Invoice__c')).toBe('Invoice__c');
  });
});
