import { describe, expect, it } from 'vitest';
import { parseRecordUrl, recordKey } from './record-url';

const ID15 = '001A0000006Vm9r';
const ID18 = '001A0000006Vm9rIAC';
const CONTACT18 = '003A0000006Vm9rIAC';
const UNKNOWN_PREFIX = 'a0BA0000006Vm9r';
const LEAD15 = '00QA0000006Vm9r';
const LEAD18 = '00QA0000006Vm9rMAC';

describe('parseRecordUrl on HubSpot pages', () => {
  it.each([
    ['https://app.hubspot.com/contacts/123/record/0-1/501', 'contacts', '501', '123'],
    ['https://app.hubspot.com/contacts/123/record/0-2/502/', 'companies', '502', '123'],
    ['https://app-eu1.hubspot.com/contacts/9/record/0-3/503?tab=activity', 'deals', '503', '9'],
    ['https://app-na2.hubspot.com/contacts/9/record/0-5/504#x', 'tickets', '504', '9'],
    ['https://app.hubspot.com/contacts/123/contact/601', 'contacts', '601', '123'],
    ['https://app.hubspot.com/contacts/123/company/602', 'companies', '602', '123'],
    ['https://app.hubspot.com/contacts/123/deal/603', 'deals', '603', '123'],
    ['http://127.0.0.1:8787/sandbox/hubspot/contacts/77/record/0-2/9', 'companies', '9', '77'],
    ['http://localhost:3000/sandbox/hubspot/contacts/77/record/0-1/10', 'contacts', '10', '77'],
  ])('recognises %s', (url, objectType, id, portalId) => {
    expect(parseRecordUrl(url)).toEqual({ system: 'hubspot', objectType, id, portalId });
  });
});

describe('parseRecordUrl on Salesforce pages', () => {
  it.each([
    [`https://acme.lightning.force.com/lightning/r/Account/${ID15}/view`, 'Account', ID18],
    [`https://acme.lightning.force.com/lightning/r/Account/${ID18}/view?ws=1`, 'Account', ID18],
    [`https://acme--uat.sandbox.lightning.force.com/lightning/r/Invoice__c/${ID15}/view`, 'Invoice__c', ID18],
    [
      `https://ability-x.scratch.lightning.force.com/lightning/r/Contact/${CONTACT18}/view`,
      'Contact',
      CONTACT18,
    ],
    [`https://acme.lightning.force.com/one/one.app#/sObject/${ID15}/view`, 'Account', ID18],
    [`https://acme.lightning.force.com/one/one.app#/sObject/${CONTACT18}`, 'Contact', CONTACT18],
    [`https://acme.my.salesforce.com/${ID15}`, 'Account', ID18],
    [`https://acme--uat.sandbox.my.salesforce.com/${CONTACT18}`, 'Contact', CONTACT18],
    [`http://127.0.0.1:8787/sandbox/salesforce/lightning/r/Account/${ID15}/view`, 'Account', ID18],
    [`http://localhost:8787/sandbox/salesforce/lightning/r/Contact/${CONTACT18}/view`, 'Contact', CONTACT18],
  ])('recognises %s', (url, objectType, id) => {
    expect(parseRecordUrl(url)).toEqual({ system: 'salesforce', objectType, id });
  });
});

describe('parseRecordUrl on the tabs and sub-views of a HubSpot record', () => {
  it.each([
    ['a record tab', 'https://app.hubspot.com/contacts/123/record/0-1/501/view/2', 'contacts', '501', '123'],
    [
      'the activity sub-view',
      'https://app.hubspot.com/contacts/123/record/0-2/502/activity',
      'companies',
      '502',
      '123',
    ],
    [
      'a sub-view with a query on an EU portal',
      'https://app-eu1.hubspot.com/contacts/9/record/0-3/503/view/1?interaction=note',
      'deals',
      '503',
      '9',
    ],
    [
      'a contact on an NA2 portal',
      'https://app-na2.hubspot.com/contacts/9/record/0-1/77/',
      'contacts',
      '77',
      '9',
    ],
    ['an AP1 portal', 'https://app-ap1.hubspot.com/contacts/9/record/0-2/78', 'companies', '78', '9'],
    [
      'an older contact link with a tab',
      'https://app.hubspot.com/contacts/123/contact/601/activity',
      'contacts',
      '601',
      '123',
    ],
    [
      'the sandbox portal with a tab',
      'http://127.0.0.1:8787/sandbox/hubspot/contacts/77/record/0-1/10/view/3',
      'contacts',
      '10',
      '77',
    ],
  ])('finds the record on %s', (_what, url, objectType, id, portalId) => {
    expect(parseRecordUrl(url)).toEqual({ system: 'hubspot', objectType, id, portalId });
  });
});

describe('parseRecordUrl on the sub-views, related lists and forms of a Salesforce record', () => {
  it.each([
    [
      'a related list of an Account',
      `https://acme.lightning.force.com/lightning/r/Account/${ID15}/related/Contacts/view`,
      'Account',
      ID18,
    ],
    [
      'a custom related list in a sandbox org',
      `https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/${ID18}/related/Invoices__r/view?ws=%2Flightning%2Fr%2FAccount`,
      'Account',
      ID18,
    ],
    [
      'the edit form',
      `https://acme.lightning.force.com/lightning/r/Account/${ID15}/edit?count=1`,
      'Account',
      ID18,
    ],
    [
      'the clone form',
      `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT18}/clone`,
      'Contact',
      CONTACT18,
    ],
    [
      'a Lead record page',
      `https://acme.lightning.force.com/lightning/r/Lead/${LEAD15}/view`,
      'Lead',
      LEAD18,
    ],
    [
      'a Lead related list',
      `https://acme.lightning.force.com/lightning/r/Lead/${LEAD18}/related/Histories/view`,
      'Lead',
      LEAD18,
    ],
    [
      'a record page named by id only',
      `https://acme.lightning.force.com/lightning/r/${LEAD15}/view`,
      'Lead',
      LEAD18,
    ],
    [
      'a Lightning path on the My Domain host',
      `https://acme.my.salesforce.com/lightning/r/Account/${ID15}/view`,
      'Account',
      ID18,
    ],
    [
      'a Lightning path on a sandbox My Domain host',
      `https://acme--uat.sandbox.my.salesforce.com/lightning/r/Contact/${CONTACT18}/related/Cases/view`,
      'Contact',
      CONTACT18,
    ],
    ['a Classic Lead', `https://acme.my.salesforce.com/${LEAD15}`, 'Lead', LEAD18],
    ['a Classic edit form', `https://acme.my.salesforce.com/${ID15}/e?retURL=%2F${ID15}`, 'Account', ID18],
    [
      'a Classic 15-character Contact id',
      `https://acme--uat.sandbox.my.salesforce.com/003A0000006Vm9r`,
      'Contact',
      CONTACT18,
    ],
    [
      'one.app on a related list',
      `https://acme.lightning.force.com/one/one.app#/sObject/${ID15}/rlName/Contacts/view`,
      'Account',
      ID18,
    ],
    [
      'a related list of the sandbox org',
      `http://127.0.0.1:8787/sandbox/salesforce/lightning/r/Account/${ID15}/related/Contacts/view`,
      'Account',
      ID18,
    ],
  ])('finds the record on %s', (_what, url, objectType, id) => {
    expect(parseRecordUrl(url)).toEqual({ system: 'salesforce', objectType, id });
  });
});

describe('parseRecordUrl outside record pages', () => {
  it.each([
    ['a list view', 'https://app.hubspot.com/contacts/123/objects/0-1/views/all/list'],
    ['the HubSpot home', 'https://app.hubspot.com/'],
    ['an unknown HubSpot object type id', 'https://app.hubspot.com/contacts/123/record/0-48/1'],
    ['a Lightning list view', 'https://acme.lightning.force.com/lightning/o/Account/list'],
    ['a Lead list view', 'https://acme.lightning.force.com/lightning/o/Lead/list?filterName=Recent'],
    [
      'a record-page path with an unknown action',
      `https://acme.lightning.force.com/lightning/r/Account/${ID15}/delete`,
    ],
    [
      'a related list without its view',
      `https://acme.lightning.force.com/lightning/r/Account/${ID15}/related/Contacts`,
    ],
    [
      'an id-only page with an unknown key prefix',
      `https://acme.lightning.force.com/lightning/r/${UNKNOWN_PREFIX}/view`,
    ],
    ['a HubSpot record id that is not a number', 'https://app.hubspot.com/contacts/123/record/0-1/501abc'],
    ['a HubSpot host that is not the app', 'https://www.hubspot.com/contacts/123/record/0-1/501'],
    ['a Classic path under an id', `https://acme.my.salesforce.com/${ID15}/x`],
    ['Lightning home', 'https://acme.lightning.force.com/lightning/page/home'],
    ['setup', 'https://acme.lightning.force.com/lightning/setup/ObjectManager/home'],
    ['a malformed id', 'https://acme.lightning.force.com/lightning/r/Account/001xx!/view'],
    ['a bad 18-character checksum', `https://acme.lightning.force.com/lightning/r/Account/${ID15}AAA/view`],
    ['one.app without a record', 'https://acme.lightning.force.com/one/one.app#/home'],
    [
      'one.app with an unknown key prefix',
      `https://acme.lightning.force.com/one/one.app#/sObject/${UNKNOWN_PREFIX}`,
    ],
    ['Classic with an unknown key prefix', `https://acme.my.salesforce.com/${UNKNOWN_PREFIX}`],
    ['Classic setup', 'https://acme.my.salesforce.com/setup/forcecomHomepage.apexp'],
    ['a HubSpot look-alike host', 'https://app.hubspot.com.evil.io/contacts/1/record/0-1/2'],
    [
      'a Lightning look-alike host',
      `https://lightning.force.com.attacker.net/lightning/r/Account/${ID15}/view`,
    ],
    ['a bare lightning.force.com host', `https://lightning.force.com/lightning/r/Account/${ID15}/view`],
    [
      'a host ending in -lightning',
      `https://evil-lightning.force.com.x.net/lightning/r/Account/${ID15}/view`,
    ],
    ['plain http on a real host', 'http://app.hubspot.com/contacts/1/record/0-1/2'],
    ['a sandbox path on a non-loopback host', 'http://example.com/sandbox/hubspot/contacts/1/record/0-1/2'],
    ['a loopback page outside the sandbox', 'http://127.0.0.1:8787/health'],
    ['not a URL', 'app.hubspot.com/contacts/1/record/0-1/2'],
  ])('returns null for %s', (_what, url) => {
    expect(parseRecordUrl(url)).toBeNull();
  });
});

describe('parseRecordUrl on the sandbox pages of a shared server', () => {
  const serverUrl = 'https://sync.example.com';

  it.each([
    ['https://sync.example.com/sandbox/hubspot/contacts/77/record/0-1/10', { system: 'hubspot', id: '10' }],
    [
      `https://sync.example.com/sandbox/salesforce/lightning/r/Account/${ID15}/view`,
      { system: 'salesforce', objectType: 'Account', id: ID18 },
    ],
  ])('recognises %s on the server the extension is paired with', (url, expected) => {
    expect(parseRecordUrl(url, { serverUrl })).toMatchObject(expected);
  });

  it.each([
    [
      'without the paired server',
      'https://sync.example.com/sandbox/hubspot/contacts/77/record/0-1/10',
      undefined,
    ],
    ['on another host', 'https://sync.example.org/sandbox/hubspot/contacts/77/record/0-1/10', serverUrl],
    ['on another port', 'https://sync.example.com:8443/sandbox/hubspot/contacts/77/record/0-1/10', serverUrl],
    ['over http', 'http://sync.example.com/sandbox/hubspot/contacts/77/record/0-1/10', serverUrl],
    ['outside the sandbox', 'https://sync.example.com/contacts/77/record/0-1/10', serverUrl],
  ])('ignores a sandbox-looking page %s', (_, url, server) => {
    expect(parseRecordUrl(url, { serverUrl: server })).toBeNull();
  });
});

describe('recordKey', () => {
  it('gives every URL form of one Salesforce record the same key', () => {
    const keys = [
      `https://acme.lightning.force.com/lightning/r/Account/${ID15}/view`,
      `https://acme.lightning.force.com/one/one.app#/sObject/${ID18}/view`,
      `https://acme.my.salesforce.com/${ID15}`,
      `https://acme.lightning.force.com/lightning/r/Account/${ID15}/related/Contacts/view`,
      `https://acme.lightning.force.com/lightning/r/${ID18}/view`,
    ].map((url) => {
      const ref = parseRecordUrl(url);
      if (!ref) throw new Error(`not parsed: ${url}`);
      return recordKey(ref);
    });
    expect(new Set(keys)).toEqual(new Set([`salesforce:Account:${ID18}`]));
  });

  it('scopes HubSpot records by portal so two portals never collide', () => {
    const a = recordKey({ system: 'hubspot', objectType: 'contacts', id: '1', portalId: '10' });
    const b = recordKey({ system: 'hubspot', objectType: 'contacts', id: '1', portalId: '11' });
    expect(a).toBe('hubspot:10/contacts:1');
    expect(a).not.toBe(b);
  });
});
