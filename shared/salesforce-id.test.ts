import { describe, expect, it } from 'vitest';
import { idChecksum, isSalesforceId, objectForId, sameSalesforceId, toId18 } from './salesforce-id';

describe('salesforce ids', () => {
  it.each([
    // 001A0000006Vm9r -> …IAC is the pair Salesforce's own help articles print.
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    ['001000000000001', '001000000000001AAA'],
    ['003AAAAAAAAAAAA', '003AAAAAAAAAAAAY55'],
  ])('turns the 15-character id %s into %s', (id15, id18) => {
    expect(toId18(id15)).toBe(id18);
  });

  it('keeps an 18-character id as it is', () => {
    expect(toId18('a0D30000001n7PiEAI')).toBe('a0D30000001n7PiEAI');
  });

  it('rejects an 18-character id whose checksum does not match', () => {
    expect(isSalesforceId('a0D30000001n7PiEAC')).toBe(false);
    expect(toId18('a0D30000001n7PiEAC')).toBeNull();
  });

  it.each(['', '001', 'not-an-id-at-all', '001000000000001AA'])('rejects %j', (v) => {
    expect(isSalesforceId(v)).toBe(false);
  });

  it('computes one checksum letter per five characters', () => {
    expect(idChecksum('AAAAAaaaaaAaaaa')).toBe('5AB');
  });

  it('names the object from the key prefix', () => {
    expect(objectForId('0030000000000AAAAA')).toBe('Contact');
    expect(objectForId('a0D30000001n7Pi')).toBeNull();
  });

  it('treats the 15 and 18 character forms as the same record', () => {
    expect(sameSalesforceId('a0D30000001n7Pi', 'a0D30000001n7PiEAI')).toBe(true);
  });
});
