/**
 * @module Encryption at rest of the Salesforce and HubSpot credentials on a shared server: AES-256-GCM
 * (node:crypto) with a 32-byte key from `SYNC_HEALTH_SECRET_KEY`. The key never touches the data folder,
 * so a copied volume or backup alone does not give the tokens away.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SECRET_KEY_ENV = 'SYNC_HEALTH_SECRET_KEY';
const HOW_TO_MAKE =
  'Make one with: openssl rand -base64 32 (or node -e "console.log(crypto.randomBytes(32).toString(\'base64\'))"), ' +
  `keep it outside the data folder, and set ${SECRET_KEY_ENV} to it`;

/** A missing or malformed key; the message says how to make one. */
export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** The envelope written instead of the plaintext JSON. `v` lets a later key rotation tell formats apart. */
export interface SealedSecret {
  sealed: 'aes-256-gcm';
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/** Reads the key: 32 bytes, base64 (44 characters) or hex (64 characters). Null when the variable is unset. */
export function readSecretKey(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const raw = env[SECRET_KEY_ENV]?.trim();
  if (!raw) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new SecretKeyError(
      `${SECRET_KEY_ENV} must be 32 random bytes in base64 or hex (it decodes to ${key.length} bytes). ${HOW_TO_MAKE}.`,
    );
  }
  return key;
}

/** The key `serve` needs: refuses to go on without one. */
export function requireSecretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const key = readSecretKey(env);
  if (!key) {
    throw new SecretKeyError(
      `The shared server keeps the Salesforce and HubSpot credentials encrypted and needs a key. ${HOW_TO_MAKE}.`,
    );
  }
  return key;
}

export function seal(plaintext: string, key: Buffer): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    sealed: 'aes-256-gcm',
    v: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function isSealed(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && (value as SealedSecret).sealed === 'aes-256-gcm';
}

/** Decrypts; a wrong key or a changed file fails the GCM tag check and throws a {@link SecretKeyError}. */
export function unseal(sealed: SealedSecret, key: Buffer): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch (err) {
    throw new SecretKeyError(
      `Cannot decrypt: ${SECRET_KEY_ENV} is not the key these credentials were saved with (or the file was changed). Set the key used when they were saved, or connect the account again.`,
      { cause: err },
    );
  }
}
