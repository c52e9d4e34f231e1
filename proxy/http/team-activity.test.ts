import { describe, expect, it } from 'vitest';
import type { SetupActionResult } from '../../shared/api/setup';
import { setupApplyWords } from './team-activity';

const result = (
  r: Partial<SetupActionResult> & Pick<SetupActionResult, 'kind' | 'description' | 'outcome'>,
) =>
  ({
    id: r.kind,
    system: 'salesforce',
    target: 'Contact.HubSpot_Id__c',
    message: '',
    ...r,
  }) as SetupActionResult;

describe('the activity line of "Create missing fields"', () => {
  it('names each field, permission set and property by its label, the API name only in brackets', () => {
    const line = setupApplyWords([
      result({
        kind: 'create-field',
        target: 'Contact.HubSpot_Id__c',
        description:
          'Create the Contact field "HubSpot Id" (API name HubSpot_Id__c): Text (32 characters), External ID, unique',
        outcome: 'created',
      }),
      result({
        kind: 'permission-set',
        target: 'Sync_Health_Integration',
        description:
          'Create the permission set "Sync Health Integration" with Read and Edit on Contact "HubSpot Id", Account "HubSpot Id"',
        outcome: 'created',
      }),
      result({
        kind: 'assign-permission-set',
        target: 'Sync_Health_Integration',
        description:
          'Assign "Sync Health Integration" to the integration user (the user the sync signs in as)',
        outcome: 'assigned',
      }),
      result({
        kind: 'create-property',
        system: 'hubspot',
        target: 'contacts.salesforce_id',
        description:
          'Create the HubSpot contact property "Salesforce ID" (internal name salesforce_id; single-line text, unique values)',
        outcome: 'failed',
      }),
    ]);
    expect(line).toBe(
      'Ran "Create missing fields": created the Contact field "HubSpot Id" (API name HubSpot_Id__c); ' +
        'created the permission set "Sync Health Integration"; ' +
        'assigned "Sync Health Integration" to the integration user (the user the sync signs in as); ' +
        'it could not create the HubSpot contact property "Salesforce ID" (internal name salesforce_id).',
    );
    expect(line).not.toMatch(/Contact\.HubSpot_Id__c|contacts\.salesforce_id|Sync_Health_Integration/);
  });

  it('says so when everything was already there', () => {
    expect(
      setupApplyWords([
        result({
          kind: 'create-field',
          description: 'Create the Contact field "X"',
          outcome: 'already-there',
        }),
      ]),
    ).toBe('Ran "Create missing fields": everything was already there.');
  });
});
