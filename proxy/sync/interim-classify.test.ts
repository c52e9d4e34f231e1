import { describe, expect, it } from 'vitest';
import { classifyError } from './interim-classify';

describe('interim classifier', () => {
  it.each([
    [
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'Industry: bad value for restricted picklist field: Biotech',
      'picklists',
    ],
    ['DUPLICATES_DETECTED', 'Use one of these records?', 'duplicates'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Website must start with https://', 'custom-code'],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'Unable to create/update fields: MobilePhone.', 'permissions'],
    ['STRING_TOO_LONG', 'Title: data value too large', 'property-values'],
    ['ENTITY_IS_LOCKED', 'the entity is locked for editing', 'other'],
  ])('puts %s under %s', (code, message, category) => {
    expect(classifyError({ source: 'salesforce', code, message })).toMatchObject({
      category,
      transient: false,
    });
  });

  it('reads the nested cause of an Apex trigger failure: a wrapped row lock is transient', () => {
    const c = classifyError({
      source: 'salesforce',
      code: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      message:
        'AccountTrigger: execution of AfterInsert caused by: System.DmlException: Update failed. first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access',
    });
    expect(c).toMatchObject({ transient: true, category: null, nestedCode: 'UNABLE_TO_LOCK_ROW' });
  });

  it('keeps a trigger that wraps a validation error as custom code naming the trigger', () => {
    const c = classifyError({
      source: 'salesforce',
      code: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      message:
        'AccountTrigger: execution of BeforeInsert caused by: first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Test accounts are not allowed',
    });
    expect(c).toMatchObject({
      category: 'custom-code',
      rule: 'AccountTrigger',
      nestedCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    });
  });

  it('groups picklist errors by object, field and value', () => {
    const a = classifyError({
      source: 'salesforce',
      code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'x: bad value for restricted picklist field: Biotech',
      fields: ['Industry'],
      object: 'Account',
    });
    const b = classifyError({
      source: 'salesforce',
      code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'y: bad value for restricted picklist field: Biotech',
      fields: ['Industry'],
      object: 'Account',
    });
    expect(a.rootCauseKey).toBe(b.rootCauseKey);
    expect(a.value).toBe('Biotech');
  });
});
