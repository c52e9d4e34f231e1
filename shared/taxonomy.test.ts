import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_INFO,
  describeRootCause,
  fieldWords,
  isRootCauseKey,
  isSubType,
  parseRootCauseKey,
  resolutionSteps,
  rootCauseKey,
  rootCauseLabel,
  SUB_TYPES,
  type SubType,
} from './taxonomy';

const ALL_SUB_TYPES = Object.keys(SUB_TYPES) as SubType[];

describe('categories', () => {
  it('gives every category a label and a one-sentence description', () => {
    for (const c of CATEGORIES) {
      expect(CATEGORY_INFO[c].label).toMatch(/^[A-Z]/);
      expect(CATEGORY_INFO[c].description).toMatch(/^[A-Z].*\.$/);
      expect(CATEGORY_INFO[c].description).not.toMatch(/\.\s/);
    }
    expect(CATEGORY_INFO['custom-code'].label).toBe('Custom code');
  });

  it('has at least one sub-type in every category', () => {
    const used = new Set(ALL_SUB_TYPES.map((s) => SUB_TYPES[s].category));
    expect([...used].sort()).toEqual([...CATEGORIES].sort());
  });

  it('tells sub-types from other strings', () => {
    expect(isSubType('flow')).toBe(true);
    expect(isSubType('toString')).toBe(false);
  });
});

describe('resolutionSteps', () => {
  const full = {
    object: 'Account',
    field: 'Industry',
    value: 'Biotech',
    rule: 'Website_Must_Be_Https',
    crmObject: 'companies',
    crmProperty: 'industry',
    blockingRecordName: 'Acme Inc',
    blockingRecordId: '123',
    duplicateRecordId: '001A0000006Vm9rIAC',
    maxLength: 25,
    message: 'Website must start with https://',
  };

  it.each(ALL_SUB_TYPES)('gives %s steps with every placeholder filled', (subType) => {
    for (const d of [full, {}]) {
      const steps = resolutionSteps(subType, d);
      expect(steps.length).toBeGreaterThan(0);
      for (const s of steps) expect(s).not.toMatch(/undefined|null|\$\{/);
    }
  });

  it('says where to add a missing picklist value, or which property to change', () => {
    expect(resolutionSteps('picklist-value-missing', full)[0]).toBe(
      'In Salesforce Setup → Object Manager → Account → Fields & Relationships → Industry, add the value "Biotech" to the picklist, or change the HubSpot property "industry" on the record to one of the allowed values.',
    );
  });

  it.each([
    ['LeadSource', 'Lead Source'],
    ['Customer_Tier__c', 'Customer Tier'],
    ['HubSpot_Id__c', 'HubSpot Id'],
  ])('reads the API name %s as the words %s', (api, words) => {
    expect(fieldWords(api)).toBe(words);
  });

  it('names a field by its label, keeping the API name only in brackets after it as the Setup hint', () => {
    const steps = resolutionSteps('picklist-value-missing', {
      ...full,
      object: 'Contact',
      field: 'LeadSource',
      value: 'Podcast',
    });
    expect(steps[0]).toContain('Fields & Relationships → Lead Source (LeadSource), add the value "Podcast"');
    for (const s of steps) expect(s.replace(/\(LeadSource\)/g, '')).not.toContain('LeadSource');
  });

  it.each([
    ['validation-rule', 'Website_Must_Be_Https'],
    ['validation-rule', 'Website must start with https://'],
    ['flow', '"Website_Must_Be_Https"'],
    ['apex-trigger', 'Triggers'],
    ['value-too-long', '25 characters'],
    ['duplicate-value', '001A0000006Vm9rIAC'],
    ['duplicate-rule', 'Duplicate Rules'],
    ['field-read-only', 'Set Field-Level Security'],
    ['blocking-record-not-synced', 'its associated company "Acme Inc" (HubSpot id 123)'],
    ['invalid-email', '"Biotech" is not a valid email address'],
    ['field-read-only', 'its value "Biotech" was not written'],
    ['value-too-long', 'The value "Biotech" of Industry'],
    ['temporary-failure', 'Resync'],
    ['mapping-field-missing', 'the HubSpot property "industry"'],
    ['object-permission', 'Read, Create and Edit on Account'],
  ] as const)('names what is involved in %s steps (%s)', (subType, text) => {
    expect(resolutionSteps(subType, full).join('\n')).toContain(text);
  });
});

describe('root-cause keys', () => {
  it.each([
    ['picklist', 'Account.Industry', 'Biotech', 'picklist:Account.Industry:Biotech'],
    ['validation', 'Account', 'Website_Must_Be_Https', 'validation:Account:Website_Must_Be_Https'],
    ['blocking', 'companies', '123', 'blocking:companies:123'],
    ['field-readonly', 'Contact.MobilePhone', undefined, 'field-readonly:Contact.MobilePhone'],
    ['picklist', 'Account.Rating', 'a:b:c', 'picklist:Account.Rating:a:b:c'],
  ] as const)('builds %s keys and reads them back', (kind, subject, detail, key) => {
    expect(rootCauseKey(kind, subject, detail)).toBe(key);
    expect(parseRootCauseKey(key)).toEqual(
      detail === undefined ? { kind, subject } : { kind, subject, detail },
    );
  });

  it('keeps a colon in the subject from moving the detail', () => {
    expect(rootCauseKey('association-limit', '"Acme" (companies 1:2)')).toBe(
      'association-limit:"Acme" (companies 1 2)',
    );
  });

  it('tells keys of a known kind from other strings', () => {
    expect(isRootCauseKey('picklist:Account.Industry:Biotech')).toBe(true);
    expect(isRootCauseKey('association:companies:21100')).toBe(false);
    expect(isRootCauseKey('crm:null')).toBe(false);
    expect(isRootCauseKey('toString:x')).toBe(false);
  });

  it('reads a key without a subject', () => {
    expect(parseRootCauseKey('weird')).toEqual({ kind: 'weird', subject: '' });
  });

  it.each([
    ['picklist:Account.Industry:Biotech', "value 'Biotech' is not in Industry"],
    [
      'validation:Account:Website must start with https://',
      'validation rule on Company (Account): "Website must start with https://"',
    ],
    ['flow:Contact:Contact Onboarding', 'flow "Contact Onboarding" on Contact'],
    ['apex:Account:AccountTrigger', 'Apex trigger AccountTrigger on Company (Account)'],
    ['blocking:companies:123', 'the associated company 123 is not in Salesforce yet'],
    [
      'blocking:companies:sf:001A0000006Vm9rIAC',
      'Salesforce record 001A0000006Vm9rIAC has no company in HubSpot yet',
    ],
    ['crm-association:INVALID_OBJECT', 'HubSpot refused associations (INVALID_OBJECT)'],
    ['transient:UNABLE_TO_LOCK_ROW', 'temporary failures (UNABLE_TO_LOCK_ROW) that kept coming back'],
    ['field-readonly:Contact.MobilePhone', 'Mobile Phone on Contact is read-only for the integration user'],
    ['mapping-missing:Account.Customer_Tier__c', 'Customer Tier on Company (Account) does not exist'],
    ['duplicate:Contact.Email', 'duplicate values in Email on Contact'],
    ['other:STORAGE_LIMIT_EXCEEDED', 'unrecognised error STORAGE_LIMIT_EXCEEDED'],
    ['unheard-of:x', 'unheard-of:x'],
  ])('labels %s', (key, label) => {
    expect(rootCauseLabel(key)).toBe(label);
  });

  it('describes a group with its count', () => {
    expect(describeRootCause('picklist:Account.Industry:Biotech', 212)).toBe(
      "value 'Biotech' is not in Industry: 212 errors",
    );
    expect(describeRootCause('duplicate:Contact.Email', 1)).toBe(
      'duplicate values in Email on Contact: 1 error',
    );
  });
});
