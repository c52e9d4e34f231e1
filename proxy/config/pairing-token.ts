/** @module The pairing token the extension presents on every API call. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { readSecretFile, writeSecretFile } from './secret-file';

const FILE = 'pairing-token';

/** Reads `<dataDir>/pairing-token`, creating a random one (256 bits, base64url) on first start. */
export function loadOrCreatePairingToken(dataDir: string): { token: string; created: boolean } {
  const file = join(dataDir, FILE);
  const existing = readSecretFile(file)?.trim();
  if (existing) return { token: existing, created: false };
  const token = randomBytes(32).toString('base64url');
  writeSecretFile(file, `${token}\n`);
  return { token, created: true };
}

/** Constant-time comparison so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
