import { describe, expect, it } from 'vitest';
import { isSalesforceId } from '../../../shared/salesforce-id';
import { canonicalId, newRecordId } from './record-ids';

describe('record ids', () => {
  it('makes distinct, valid 18-character ids that mix upper and lower case', () => {
    const ids = Array.from({ length: 500 }, (_, i) => newRecordId('003', i + 1));
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => id.length === 18 && id.startsWith('003') && isSalesforceId(id))).toBe(true);
    expect(ids.some((id) => /[a-z]/.test(id.slice(3, 15)) && /[A-Z]/.test(id.slice(3, 15)))).toBe(true);
  });

  it('turns a 15-character id into its 18-character form', () => {
    expect(canonicalId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
  });

  it('restores the case of an 18-character id from its suffix', () => {
    expect(canonicalId('001a0000006vm9riac')).toBe('001A0000006Vm9rIAC');
  });

  it.each([['001A0000006Vm9'], ['001A0000006Vm9r!AC'], ['001A0000006Vm9rZZZ'], [42]])(
    'rejects %s',
    (value) => {
      expect(canonicalId(value)).toBeNull();
    },
  );
});
