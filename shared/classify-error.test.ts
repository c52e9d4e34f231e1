import { describe, expect, it } from 'vitest';
import {
  classifyError,
  classifyRecorded,
  type ErrorInput,
  PREFLIGHT_CODES,
  preflightError,
} from './classify-error';
import type { PreflightKind } from './preflight-error';

const sf = (code: string, message: string, fields?: string[], object = 'Account'): ErrorInput => ({
  source: 'salesforce',
  code,
  message,
  fields,
  object,
});
const hs = (code: string, message: string, statusCode?: number, fields?: string[]): ErrorInput => ({
  source: 'hubspot',
  code,
  message,
  statusCode,
  fields,
  object: 'contacts',
});

describe('classifyError on Salesforce errors (texts from salesforce-api.md §2)', () => {
  it.each([
    [
      sf(
        'DUPLICATE_VALUE',
        'duplicate value found: Email_Unique__c duplicates value on record with id: 003A0000006Vm9r',
        [],
        'Contact',
      ),
      {
        category: 'duplicates',
        subType: 'duplicate-value',
        field: 'Email_Unique__c',
        duplicateRecordId: '003A0000006Vm9r',
        rootCauseKey: 'duplicate:Contact.Email_Unique__c',
      },
    ],
    [
      sf('DUPLICATES_DETECTED', 'Use one of these records?', [], 'Contact'),
      {
        category: 'duplicates',
        subType: 'duplicate-rule',
        rule: 'Use one of these records?',
        rootCauseKey: 'duplicate-rule:Contact:Use one of these records?',
      },
    ],
    [
      sf('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Website must start with https://'),
      {
        category: 'custom-code',
        subType: 'validation-rule',
        rootCauseKey: 'validation:Account:Website must start with https://',
        summary: 'Website must start with https://',
      },
    ],
    [
      sf(
        'CANNOT_EXECUTE_FLOW_TRIGGER',
        'We can\'t save this record because the "Account Owner Sync" process failed. Give your Salesforce admin these details. Error ID: 1234',
      ),
      {
        category: 'custom-code',
        subType: 'flow',
        rule: 'Account Owner Sync',
        rootCauseKey: 'flow:Account:Account Owner Sync',
      },
    ],
    [
      sf(
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        'MyTrigger: execution of AfterInsert caused by: System.DmlException: Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Region required: []',
      ),
      {
        category: 'custom-code',
        subType: 'apex-trigger',
        rule: 'MyTrigger',
        nestedCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        rootCauseKey: 'apex:Account:MyTrigger',
      },
    ],
    [
      sf('FIELD_INTEGRITY_EXCEPTION', 'Owner ID: id value of incorrect type: 035A0000006Vm9r', ['OwnerId']),
      {
        category: 'property-values',
        subType: 'invalid-value',
        field: 'OwnerId',
        rootCauseKey: 'invalid-value:Account.OwnerId',
      },
    ],
    [
      sf('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id'),
      { category: 'permissions', subType: 'record-access', rootCauseKey: 'record-access:Account' },
    ],
    [
      sf('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'insufficient access rights on cross-reference id'),
      { category: 'permissions', subType: 'record-access', rootCauseKey: 'record-access:Account' },
    ],
    [
      sf(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        'Unable to create/update fields: IsDeleted. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      ),
      {
        category: 'permissions',
        subType: 'field-read-only',
        field: 'IsDeleted',
        rootCauseKey: 'field-readonly:Account.IsDeleted',
      },
    ],
    [
      sf('INVALID_FIELD', "No such column 'Customer_Tier__c' on sobject of type Account"),
      {
        category: 'property-mappings',
        subType: 'mapping-field-missing',
        field: 'Customer_Tier__c',
        rootCauseKey: 'mapping-missing:Account.Customer_Tier__c',
      },
    ],
    [
      sf(
        'INVALID_TYPE',
        "sObject type 'Foo__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.",
      ),
      { category: 'property-mappings', subType: 'mapping-field-missing', field: 'Foo__c' },
    ],
    [
      sf(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        'Race: bad value for restricted picklist field: Native American / Alaskan Native',
        ['Race__c'],
        'Contact',
      ),
      {
        category: 'picklists',
        subType: 'picklist-value-missing',
        field: 'Race__c',
        value: 'Native American / Alaskan Native',
        rootCauseKey: 'picklist:Contact.Race__c:Native American / Alaskan Native',
        summary: "Value 'Native American / Alaskan Native' is not in Race",
      },
    ],
    [
      sf(
        'STRING_TOO_LONG',
        'Topic Name: data value too large: NOWELLPOINT_TOPIC_NAME_TOO_LONG (max length=25)',
        ['Name'],
        'Topic',
      ),
      {
        category: 'property-values',
        subType: 'value-too-long',
        field: 'Name',
        value: 'NOWELLPOINT_TOPIC_NAME_TOO_LONG',
        maxLength: 25,
        rootCauseKey: 'too-long:Topic.Name',
      },
    ],
    [
      sf('INVALID_EMAIL_ADDRESS', 'Email: invalid email address: 123', ['Email'], 'Contact'),
      {
        category: 'property-values',
        subType: 'invalid-email',
        field: 'Email',
        value: '123',
        rootCauseKey: 'invalid-email:Contact.Email',
      },
    ],
    [
      sf(
        'NUMBER_OUTSIDE_VALID_RANGE',
        'Employees: value outside of valid range on numeric field: 99999999999',
        ['NumberOfEmployees'],
      ),
      {
        category: 'property-values',
        subType: 'number-out-of-range',
        rootCauseKey: 'out-of-range:Account.NumberOfEmployees',
      },
    ],
    [
      sf('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Name]'),
      {
        category: 'property-values',
        subType: 'required-missing',
        field: 'Name',
        rootCauseKey: 'required:Account.Name',
      },
    ],
    [
      sf('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['AccountId'], 'Contact'),
      {
        category: 'associations',
        subType: 'invalid-reference',
        rootCauseKey: 'invalid-reference:Contact.AccountId',
      },
    ],
    [
      sf('ENTITY_IS_DELETED', 'entity is deleted'),
      { category: 'other', subType: 'record-deleted', rootCauseKey: 'deleted:Account' },
    ],
    [
      sf('MALFORMED_ID', 'Contact ID: id value of incorrect type: 001xx000003DGb2999', ['Id'], 'Contact'),
      { category: 'property-values', subType: 'invalid-value', field: 'Id' },
    ],
    [
      sf('ENTITY_IS_LOCKED', 'the entity is locked for editing', [], 'Opportunity'),
      { category: 'other', subType: 'record-locked', rootCauseKey: 'locked:Opportunity' },
    ],
    [
      sf('INACTIVE_OWNER_OR_USER', 'operation performed with inactive user'),
      { category: 'other', subType: 'inactive-owner' },
    ],
    [
      sf('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', [], 'Lead'),
      {
        category: 'other',
        subType: 'other',
        rootCauseKey: 'other:CANNOT_UPDATE_CONVERTED_LEAD',
        summary: 'cannot reference converted lead',
      },
    ],
  ])('classifies $code', (input, expected) => {
    expect(classifyError(input)).toMatchObject({ ...expected, transient: false, code: input.code });
  });

  it('keeps the field a validation rule placed its message on, and names no rule: Salesforce does not send its name', () => {
    const c = classifyError(sf('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Use https', ['Website']));
    expect(c).toMatchObject({ field: 'Website', detail: 'Use https', summary: 'Use https' });
    expect(c.rule).toBeUndefined();
  });

  it("shows a trigger's own message as the summary, and keeps Salesforce's whole text out of it", () => {
    const c = classifyError(
      sf(
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        'AccountTrigger: execution of BeforeInsert caused by: System.DmlException: Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Test accounts are not allowed: []: Trigger.AccountTrigger: line 12, column 1',
      ),
    );
    expect(c).toMatchObject({
      rule: 'AccountTrigger',
      summary: 'Test accounts are not allowed',
      rootCauseKey: 'apex:Account:AccountTrigger',
    });
  });

  it("shows a flow's reason as the summary, under the flow's label", () => {
    const c = classifyError(
      sf(
        'CANNOT_EXECUTE_FLOW_TRIGGER',
        'We can\'t save this record because the "Contact Onboarding" process failed. Give your Salesforce admin these details. This error occurred when the flow tried to create records: Interns are onboarded by HR, not through the integration.',
      ),
    );
    expect(c).toMatchObject({
      rule: 'Contact Onboarding',
      summary: 'Interns are onboarded by HR, not through the integration.',
    });
  });
});

describe('classifyError on HubSpot refusals the sandbox portal gives', () => {
  it.each([
    ['OBJECT_NOT_FOUND', 'associations', 'invalid-reference'],
    ['READ_ONLY_VALUE', 'permissions', 'field-read-only'],
    ['INVALID_VALUE', 'property-values', 'invalid-value'],
  ] as const)('files %s under %s as %s', (code, category, subType) => {
    expect(classifyError({ source: 'hubspot', code, message: 'refused', object: 'contacts' })).toMatchObject({
      category,
      subType,
    });
  });

  it('retries a network failure of the HubSpot connector, and records it as a temporary failure once retries run out', () => {
    const e = { source: 'hubspot' as const, code: 'NETWORK_ERROR', message: 'socket hang up' };
    expect(classifyError(e)).toMatchObject({ transient: true, category: null });
    expect(classifyRecorded(e)).toMatchObject({
      category: 'other',
      subType: 'temporary-failure',
      rootCauseKey: 'transient:NETWORK_ERROR',
    });
  });
});

describe('classifyError on transient failures', () => {
  it.each([
    sf('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record'),
    sf('SERVER_UNAVAILABLE', 'Server too busy'),
    sf('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
    sf('INVALID_SESSION_ID', 'Session expired or invalid'),
    sf('QUERY_TIMEOUT', 'Your query request was running for too long.'),
    sf(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'Record rolled back because not all records were valid and the request was using AllOrNone header',
    ),
    sf(
      'PROCESSING_HALTED',
      'The transaction was rolled back since another operation in the same transaction failed',
    ),
    sf('ERROR_HTTP_503', '<html>Service Unavailable</html>'),
    sf('ECONNRESET', 'socket hang up'),
    sf('ETIMEDOUT', 'connect ETIMEDOUT 1.2.3.4:443'),
    sf('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8787'),
    { ...sf('UNKNOWN_CODE', 'Internal server error'), statusCode: 500 },
    sf(
      'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      'LockTrigger: execution of AfterUpdate caused by: System.DmlException: Update failed. First exception on row 0; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record: []',
    ),
    sf(
      'CANNOT_EXECUTE_FLOW_TRIGGER',
      'We can\'t save this record because the "Touch Parent" process failed. UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record',
    ),
    hs('RATE_LIMITS', 'You have reached your secondly limit.', 429),
    hs('ERROR', 'Bad gateway', 502),
  ])('retries $code without a category', (input) => {
    const c = classifyError(input);
    expect(c).toMatchObject({
      category: null,
      transient: true,
      subType: null,
      rootCauseKey: null,
      code: input.code,
    });
    expect(c.summary).toContain('retries');
  });

  it('names the nested code of a trigger that failed on a lock', () => {
    const c = classifyError(
      sf(
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        'T: execution of AfterInsert caused by: first error: UNABLE_TO_LOCK_ROW, x',
      ),
    );
    expect(c.nestedCode).toBe('UNABLE_TO_LOCK_ROW');
  });
});

describe('classifyError on HubSpot errors', () => {
  it.each([
    [
      hs(
        'INVALID_OPTION',
        'Property values were not valid: [{"isValid":false,"message":"Biotech was not one of the allowed options","error":"INVALID_OPTION","name":"industry"}]',
        400,
      ),
      {
        category: 'picklists',
        subType: 'picklist-value-missing',
        field: 'industry',
        value: 'Biotech',
        rootCauseKey: 'picklist:contacts.industry:Biotech',
      },
    ],
    [
      hs('INVALID_EMAIL', 'Email address not-an-email is invalid', 400, ['email']),
      { category: 'property-values', subType: 'invalid-email', field: 'email', value: 'not-an-email' },
    ],
    [
      hs('PROPERTY_DOESNT_EXIST', 'Property "tier" does not exist', 400, ['tier']),
      {
        category: 'property-mappings',
        subType: 'mapping-field-missing',
        rootCauseKey: 'mapping-missing:contacts.tier',
      },
    ],
    [
      hs('CONFLICT', 'Contact already exists. Existing ID: 501', 409, ['email']),
      { category: 'duplicates', subType: 'duplicate-value', rootCauseKey: 'duplicate:contacts.email' },
    ],
    [
      hs('VALIDATION_ERROR', 'A contact with the email already exists', 409),
      { category: 'duplicates', subType: 'duplicate-value' },
    ],
    [
      hs('MISSING_SCOPES', "This app hasn't been granted all required scopes", 403),
      { category: 'permissions', subType: 'missing-scopes' },
    ],
    [hs('FORBIDDEN', 'Forbidden', 403), { category: 'permissions', subType: 'missing-scopes' }],
    [
      hs('INVALID_INTEGER', 'abc is not a valid integer', 400, ['numberofemployees']),
      { category: 'property-values', subType: 'invalid-value', field: 'numberofemployees' },
    ],
    [
      hs('INVALID_DATE', 'not a valid date', 400, ['closedate']),
      { category: 'property-values', subType: 'invalid-value' },
    ],
    [
      hs('SOMETHING_NEW', 'never seen', 400),
      { category: 'other', subType: 'other', rootCauseKey: 'other:SOMETHING_NEW' },
    ],
  ])('classifies $code', (input, expected) => {
    expect(classifyError(input)).toMatchObject({ ...expected, transient: false });
  });
});

describe('preflightError read back by classifyError', () => {
  const base = { object: 'Account', field: 'Industry', property: 'industry' };
  it.each([
    [
      'picklist-value',
      { value: 'Biotech' },
      'picklists',
      'picklist-value-missing',
      'picklist:Account.Industry:Biotech',
    ],
    ['picklist-full', {}, 'picklists', 'picklist-full', 'picklist-full:Account.Industry'],
    [
      'field-not-writable',
      { value: 'x' },
      'permissions',
      'field-read-only',
      'field-readonly:Account.Industry',
    ],
    [
      'field-missing',
      { value: 'Gold' },
      'property-mappings',
      'mapping-field-missing',
      'mapping-missing:Account.Industry',
    ],
    ['type-mismatch', {}, 'property-mappings', 'mapping-type-mismatch', 'mapping-type:Account.Industry'],
    [
      'too-long',
      { value: 'a: "quoted" value', maxLength: 10 },
      'property-values',
      'value-too-long',
      'too-long:Account.Industry',
    ],
    [
      'invalid-email',
      { value: 'nope' },
      'property-values',
      'invalid-email',
      'invalid-email:Account.Industry',
    ],
    [
      'out-of-range',
      { value: '1e99' },
      'property-values',
      'number-out-of-range',
      'out-of-range:Account.Industry',
    ],
    ['required-missing', { value: null }, 'property-values', 'required-missing', 'required:Account.Industry'],
    ['invalid-value', { value: 'abc' }, 'property-values', 'invalid-value', 'invalid-value:Account.Industry'],
    [
      'reference-needs-mapping',
      {},
      'property-mappings',
      'mapping-reference-needs-mapping',
      'mapping-reference:Account.Industry',
    ],
    [
      'association-limit',
      { field: undefined },
      'associations',
      'association-limit',
      'association-limit:Account',
    ],
  ] as const)(
    'reads a %s finding back into its category, sub-type and root cause',
    (kind, extra, category, subType, key) => {
      const details = { ...base, ...extra };
      const e = preflightError(kind as PreflightKind, details);
      expect(e.code).toBe(PREFLIGHT_CODES[kind as PreflightKind]);
      const c = classifyError({ source: 'salesforce', ...e, object: 'Account' });
      expect(c).toMatchObject({ category, subType, rootCauseKey: key, transient: false });
      if ('value' in extra && extra.value) expect(c.value).toBe(extra.value);
      if ('maxLength' in extra) expect(c.maxLength).toBe(extra.maxLength);
    },
  );

  it('reads the blocking record of an association back into the root cause', () => {
    const e = preflightError('association-not-synced', { crmObject: 'companies', blockingRecordId: '123' });
    expect(e).toEqual({
      code: 'ASSOCIATION_NOT_SYNCED',
      message: 'associated companies 123 is not synced yet',
      fields: [],
    });
    const c = classifyError({ source: 'salesforce', ...e, object: 'Contact' });
    expect(c).toMatchObject({
      category: 'associations',
      subType: 'blocking-record-not-synced',
      rootCauseKey: 'blocking:companies:123',
    });
    expect(c.summary).toBe('The associated company 123 is not in Salesforce yet');
  });

  it('words a finding like a Salesforce error item', () => {
    expect(
      preflightError('picklist-value', { object: 'Account', field: 'Industry', value: 'Biotech' }),
    ).toEqual({
      code: 'PREFLIGHT_PICKLIST',
      message: 'Account.Industry: value is not in the restricted picklist: "Biotech"',
      fields: ['Industry'],
    });
  });

  it('lists the valid kinds when given an unknown one', () => {
    expect(() => preflightError('nope' as PreflightKind, {})).toThrow(
      /Unknown preflight kind "nope". Options: picklist-value, /,
    );
  });
});
