import { describe, expect, it } from 'vitest';
import { parseAutomationError } from './classify-error-automation';

describe('parseAutomationError on Apex trigger errors', () => {
  it('takes the trigger, the wrapped DML error and its message, and where it was thrown, out of a DmlException', () => {
    const text =
      'AccountTrigger: execution of BeforeInsert caused by: System.DmlException: Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Test accounts are not allowed: []: Trigger.AccountTrigger: line 12, column 1';
    expect(parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', text)).toEqual({
      kind: 'apex',
      name: 'AccountTrigger',
      message: 'Test accounts are not allowed',
      nestedCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      exception: 'System.DmlException',
      event: 'BeforeInsert',
      line: 12,
      column: 1,
    });
  });

  it('keeps the field list of the wrapped error out of the message', () => {
    const text =
      'ContactTrigger: execution of AfterUpdate caused by: System.DmlException: Update failed. First exception on row 0 with id 001A0000006Vm9rIAC; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [Region__c]: [Region__c]: Trigger.ContactTrigger: line 40, column 1';
    expect(parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', text)).toMatchObject({
      name: 'ContactTrigger',
      nestedCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Region__c]',
      line: 40,
    });
  });

  it("reads an exception that is not a DML error: its own message, and the first frame of a class's stack", () => {
    const text =
      'OpportunityTrigger: execution of AfterInsert caused by: System.QueryException: List has no rows for assignment to SObject\n\nClass.OpportunityService.load: line 30, column 5\nTrigger.OpportunityTrigger: line 3, column 1';
    expect(parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', text)).toEqual({
      kind: 'apex',
      name: 'OpportunityTrigger',
      message: 'List has no rows for assignment to SObject',
      nestedCode: undefined,
      exception: 'System.QueryException',
      event: 'AfterInsert',
      line: 30,
      column: 5,
    });
  });

  it('reads a null-pointer exception thrown in the trigger itself', () => {
    const text =
      'AccountTrigger: execution of AfterUpdate caused by: System.NullPointerException: Attempt to de-reference a null object: Trigger.AccountTrigger: line 5, column 1';
    expect(parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', text)).toMatchObject({
      name: 'AccountTrigger',
      exception: 'System.NullPointerException',
      message: 'Attempt to de-reference a null object',
      line: 5,
    });
  });

  it('keeps a text it cannot read whole as the message, with no trigger named', () => {
    const text = 'insufficient access rights on cross-reference id';
    expect(parseAutomationError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', text)).toEqual({
      kind: 'apex',
      message: text,
      nestedCode: undefined,
    });
  });
});

describe('parseAutomationError on flow and process errors', () => {
  it("takes the flow's label and the reason the sandbox org gives", () => {
    const text =
      'We can\'t save this record because the "Contact Onboarding" process failed. Give your Salesforce admin these details. This error occurred when the flow tried to create records: Interns are onboarded by HR, not through the integration.';
    expect(parseAutomationError('CANNOT_EXECUTE_FLOW_TRIGGER', text)).toEqual({
      kind: 'flow',
      name: 'Contact Onboarding',
      message: 'Interns are onboarded by HR, not through the integration.',
      nestedCode: undefined,
    });
  });

  it('strips the wrapped code, the ExceptionCode hint and the error id Salesforce adds', () => {
    const text =
      'We can\'t save this record because the "Update Account Region" process failed. Give your Salesforce admin these details. This error occurred when the flow tried to update records: FIELD_CUSTOM_VALIDATION_EXCEPTION: Region must be set for EMEA accounts. You can look up ExceptionCode values in the SOAP API Developer Guide. Error ID: 1797458289-43164 (-1217351744)';
    expect(parseAutomationError('CANNOT_EXECUTE_FLOW_TRIGGER', text)).toEqual({
      kind: 'flow',
      name: 'Update Account Region',
      message: 'Region must be set for EMEA accounts.',
      nestedCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    });
  });

  it('keeps the whole text when the flow names no details', () => {
    const text = 'An unhandled fault has occurred in this flow';
    expect(parseAutomationError('CANNOT_EXECUTE_FLOW_TRIGGER', text)).toEqual({
      kind: 'flow',
      name: undefined,
      message: text,
      nestedCode: undefined,
    });
  });
});

describe('parseAutomationError on validation rules and other codes', () => {
  it("takes a validation rule's message as it is: Salesforce does not send the rule's name", () => {
    expect(
      parseAutomationError('FIELD_CUSTOM_VALIDATION_EXCEPTION', ' Website must start with https:// '),
    ).toEqual({ kind: 'validation', message: 'Website must start with https://' });
  });

  it('returns null for codes that are not automation', () => {
    expect(parseAutomationError('STRING_TOO_LONG', 'Name: data value too large')).toBeNull();
  });
});
