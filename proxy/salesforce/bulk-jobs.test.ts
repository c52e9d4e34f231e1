import { describe, expect, it } from 'vitest';
import { parseBulkError, toBulkCsv } from './bulk-jobs';

describe('parseBulkError', () => {
  it.each([
    [
      'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
      {
        code: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [LastName]',
        fields: ['LastName'],
      },
    ],
    [
      'DUPLICATES_DETECTED:Use one of these records?: --',
      { code: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] },
    ],
    [
      'INVALID_EMAIL_ADDRESS:Email: invalid email address: a:b:Email --',
      { code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: a:b', fields: ['Email'] },
    ],
    ['UNKNOWN_EXCEPTION', { code: 'UNKNOWN_EXCEPTION', message: 'UNKNOWN_EXCEPTION', fields: [] }],
  ])('reads %s into code, message and fields', (text, expected) => {
    expect(parseBulkError(text)).toEqual(expected);
  });
});

describe('toBulkCsv', () => {
  it('writes null as #N/A (clear the value) and a missing value as empty (leave it)', () => {
    expect(toBulkCsv([{ A: 'x, y', B: null }, { A: 'z' }])).toBe('A,B\n"x, y",#N/A\nz,\n');
  });
});
