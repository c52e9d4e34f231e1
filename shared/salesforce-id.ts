/** @module Salesforce record ids: 15/18-character forms, checksum, key prefixes. */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** Key prefixes of the standard objects the product deals with. */
export const KEY_PREFIXES: Readonly<Record<string, string>> = {
  '001': 'Account',
  '003': 'Contact',
  '00Q': 'Lead',
  '006': 'Opportunity',
  '005': 'User',
  '00D': 'Organization',
  '500': 'Case',
};

/** The 3-character case-checksum suffix of a 15-character id. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(block * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** True for a well-formed 15- or 18-character id (an 18-character id must carry the right checksum). */
export function isSalesforceId(value: string): boolean {
  if (!ID_PATTERN.test(value)) return false;
  if (value.length === 18) return idChecksum(value.slice(0, 15)) === value.slice(15).toUpperCase();
  return true;
}

/**
 * The 18-character form of an id, or null when the value is not an id.
 * @example toId18('001A0000006Vm9r') === '001A0000006Vm9rIAC'
 */
export function toId18(value: string): string | null {
  if (!isSalesforceId(value)) return null;
  const id15 = value.slice(0, 15);
  return id15 + idChecksum(id15);
}

/** Two ids name the same record (15 vs 18 characters, suffix case ignored). */
export function sameSalesforceId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15) && isSalesforceId(a) && isSalesforceId(b);
}

/** The sObject type a standard key prefix stands for, if known. */
export function objectForId(id: string): string | null {
  return KEY_PREFIXES[id.slice(0, 3)] ?? null;
}
