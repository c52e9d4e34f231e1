import { describe, expect, it } from 'vitest';
import { readDuplicateResult } from './duplicate-result';

const result = (records: unknown[]) => ({
  allowSave: false,
  duplicateRule: 'Standard_Contact_Duplicate_Rule',
  duplicateRuleEntityType: 'Contact',
  errorMessage: 'Use one of these records?',
  matchResults: [
    {
      entityType: 'Contact',
      errors: [],
      matchEngine: 'FuzzyMatchEngine',
      matchRecords: records,
      rule: 'Standard_Contact_Match_Rule_v1_1',
      size: records.length,
      success: true,
    },
  ],
});

describe('readDuplicateResult', () => {
  it('reads the rule, the matched records most confident first, and the fields with the same value', () => {
    const read = readDuplicateResult(
      result([
        { matchConfidence: 80, fieldDiffs: [], record: { attributes: { type: 'Contact' }, Id: '003B' } },
        {
          matchConfidence: 100,
          fieldDiffs: [
            { difference: 'SAME', name: 'Email' },
            { difference: 'DIFFERENT', name: 'LastName' },
          ],
          record: { attributes: { type: 'Contact' }, Id: '003A' },
        },
      ]),
    );
    expect(read).toEqual({
      rule: 'Standard_Contact_Duplicate_Rule',
      matchIds: ['003A', '003B'],
      sameFields: ['Email'],
    });
  });

  it('answers null for anything that names no matched record', () => {
    expect(readDuplicateResult(undefined)).toBeNull();
    expect(readDuplicateResult('Use one of these records?')).toBeNull();
    expect(readDuplicateResult(result([]))).toBeNull();
    expect(readDuplicateResult(result([{ record: { attributes: {} } }]))).toBeNull();
  });
});
