/** @module Record ids shaped like Salesforce's: key prefix, pod, a case-mixed sequence and the case-checksum suffix. */
import { idChecksum } from '../../../shared/salesforce-id';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SPACE = 62n ** 10n;
// An odd multiplier not divisible by 31 is a bijection modulo 62^10: consecutive sequence
// numbers give distinct ids that mix upper and lower case, so the checksum really matters.
const SCRAMBLE = 2654435761n;

/** The 18-character id of the n-th record created in the org. */
export function newRecordId(keyPrefix: string, sequence: number): string {
  let n = (BigInt(sequence) * SCRAMBLE) % SPACE;
  let body = '';
  for (let i = 0; i < 10; i++) {
    body = BASE62[Number(n % 62n)] + body;
    n /= 62n;
  }
  const id15 = `${keyPrefix}5j${body}`;
  return id15 + idChecksum(id15);
}

/**
 * The canonical 18-character id for a 15- or 18-character input, or null when malformed.
 * An 18-character id is case-insensitive: its suffix restores the case of the first 15.
 */
export function canonicalId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (/^[a-zA-Z0-9]{15}$/.test(value)) return value + idChecksum(value);
  if (!/^[a-zA-Z0-9]{18}$/.test(value)) return null;
  const suffix = value.slice(15).toUpperCase();
  let id15 = '';
  for (let block = 0; block < 3; block++) {
    const bits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.indexOf(suffix[block]);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = value[block * 5 + i];
      id15 += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  // Digits cannot carry case: a suffix claiming an uppercase digit is a corrupt id.
  return idChecksum(id15) === suffix ? id15 + suffix : null;
}
