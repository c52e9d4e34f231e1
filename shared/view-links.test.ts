import { describe, expect, it } from 'vitest';
import { parseRecordUrl } from './record-url';
import {
  automationSetupUrl,
  type HubspotObjectType,
  hubspotRecordUrl,
  lightningBaseUrl,
  salesforceRecordUrl,
} from './view-links';

const ID18 = '001A0000006Vm9rIAC';

describe('hubspotRecordUrl', () => {
  it.each([
    ['https://app.hubspot.com', 'contacts', 'https://app.hubspot.com/contacts/42/record/0-1/7'],
    ['https://app-eu1.hubspot.com/', 'companies', 'https://app-eu1.hubspot.com/contacts/42/record/0-2/7'],
    ['https://app.hubspot.com', 'deals', 'https://app.hubspot.com/contacts/42/record/0-3/7'],
    ['https://app.hubspot.com', 'tickets', 'https://app.hubspot.com/contacts/42/record/0-5/7'],
    [
      'http://127.0.0.1:8787/sandbox/hubspot',
      'contacts',
      'http://127.0.0.1:8787/sandbox/hubspot/contacts/42/record/0-1/7',
    ],
  ] as const)('builds the %s page of %s', (uiBaseUrl, objectType, expected) => {
    const url = hubspotRecordUrl({ uiBaseUrl, portalId: '42', objectType, id: '7' });
    expect(url).toBe(expected);
    expect(parseRecordUrl(url)).toEqual({ system: 'hubspot', objectType, id: '7', portalId: '42' });
  });

  it('names the valid object types when given an unknown one', () => {
    const objectType = 'leads' as HubspotObjectType;
    expect(() =>
      hubspotRecordUrl({ uiBaseUrl: 'https://app.hubspot.com', portalId: '1', objectType, id: '2' }),
    ).toThrow('Unknown HubSpot object type "leads". Options: contacts, companies, deals, tickets');
  });

  it('says what to change when the base URL is not absolute', () => {
    expect(() =>
      hubspotRecordUrl({ uiBaseUrl: 'app.hubspot.com', portalId: '1', objectType: 'contacts', id: '2' }),
    ).toThrow('uiBaseUrl "app.hubspot.com" is not an absolute URL');
  });
});

describe('salesforceRecordUrl', () => {
  it.each([
    ['https://acme.my.salesforce.com', 'https://acme.lightning.force.com'],
    ['https://ACME.my.salesforce.com/', 'https://acme.lightning.force.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.lightning.force.com'],
    ['https://x-dev-ed.scratch.my.salesforce.com', 'https://x-dev-ed.scratch.lightning.force.com'],
    ['http://127.0.0.1:8787/sandbox/salesforce/', 'http://127.0.0.1:8787/sandbox/salesforce'],
  ])('serves the records of %s from %s', (instanceUrl, base) => {
    expect(lightningBaseUrl(instanceUrl)).toBe(base);
    const url = salesforceRecordUrl({ instanceUrl, object: 'Account', id: ID18 });
    expect(url).toBe(`${base}/lightning/r/Account/${ID18}/view`);
    expect(parseRecordUrl(url)).toEqual({ system: 'salesforce', objectType: 'Account', id: ID18 });
  });

  it('says what to change when the instance URL is not absolute', () => {
    expect(() => salesforceRecordUrl({ instanceUrl: 'acme', object: 'Account', id: ID18 })).toThrow(
      'instanceUrl "acme" is not an absolute URL',
    );
  });
});

describe('automationSetupUrl', () => {
  it.each([
    [
      'validation-rule',
      'Account',
      'https://acme.my.salesforce.com',
      'https://acme.lightning.force.com/lightning/setup/ObjectManager/Account/ValidationRules/view',
    ],
    [
      'apex-trigger',
      'Opportunity',
      'https://acme--uat.sandbox.my.salesforce.com',
      'https://acme--uat.sandbox.lightning.force.com/lightning/setup/ObjectManager/Opportunity/ApexTriggers/view',
    ],
    [
      'flow',
      'Contact',
      'https://acme.my.salesforce.com/',
      'https://acme.lightning.force.com/lightning/setup/Flows/home',
    ],
    [
      'validation-rule',
      'Invoice__c',
      'http://127.0.0.1:8787/sandbox/salesforce',
      'http://127.0.0.1:8787/sandbox/salesforce/lightning/setup/ObjectManager/Invoice__c/ValidationRules/view',
    ],
  ] as const)('links %s on %s to its Setup page', (subType, object, instanceUrl, url) => {
    expect(automationSetupUrl({ instanceUrl, subType, object })).toBe(url);
  });

  it('gives no link for errors that are not automation, or without an object', () => {
    expect(
      automationSetupUrl({
        instanceUrl: 'https://acme.my.salesforce.com',
        subType: 'picklist-value-missing',
        object: 'Account',
      }),
    ).toBeNull();
    expect(
      automationSetupUrl({ instanceUrl: 'https://acme.my.salesforce.com', subType: 'flow', object: '' }),
    ).toBeNull();
  });
});
