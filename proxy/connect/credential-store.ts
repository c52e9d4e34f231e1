/** @module Connected-account secrets in the data folder: one 0600 JSON file per system, written atomically. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkDataDir } from '../config/data-dir';
import { readSecretFile, writeSecretFile } from '../config/secret-file';
import { isSealed, readSecretKey, SECRET_KEY_ENV, SecretKeyError, seal, unseal } from '../config/secret-key';

/** What the proxy keeps for Salesforce; everything but the tokens may be shown. */
const salesforceCredentials = z.object({
  method: z.enum(['oauth', 'sf-cli', 'token']),
  instanceUrl: z.string().url(),
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  /** OAuth: the connected app and where it signs in (refresh goes there). */
  clientId: z.string().optional(),
  loginUrl: z.string().optional(),
  /** sf-cli: the alias `sf org display` is run with again when the session expires. */
  sfAlias: z.string().optional(),
  username: z.string().optional(),
  userId: z.string().optional(),
  orgId: z.string().optional(),
  /** Organization.Name, read once when the pair first starts (the panel header shows it). */
  orgName: z.string().optional(),
  apiVersion: z.string(),
  connectedAt: z.number(),
});

const hubspotCredentials = z.object({
  token: z.string().min(1),
  baseUrl: z.string().optional(),
  /** Record pages' base from the account details (EU portals differ). */
  uiBaseUrl: z.string().optional(),
  portalId: z.string(),
  scopes: z.array(z.string()),
  missingScopes: z.array(z.string()),
  connectedAt: z.number(),
});

export type SalesforceCredentials = z.infer<typeof salesforceCredentials>;
export type HubspotCredentials = z.infer<typeof hubspotCredentials>;

const SCHEMAS = { salesforce: salesforceCredentials, hubspot: hubspotCredentials };

/** A credential file that cannot be used; the message names the file and what to run, never its content. */
export class CredentialFileError extends Error {
  override name = 'CredentialFileError';
}

interface Files {
  salesforce: SalesforceCredentials;
  hubspot: HubspotCredentials;
}

export interface CredentialStore {
  read<K extends keyof Files>(system: K): Files[K] | null;
  write<K extends keyof Files>(system: K, value: Files[K]): void;
  /** Deletes the file; true when there was one. */
  wipe(system: keyof Files): boolean;
}

/**
 * `key` (default: from `SYNC_HEALTH_SECRET_KEY`, see config/secret-key.ts): when given, files are written
 * sealed with AES-256-GCM, and a plaintext file of an older start is still read (and sealed on its next
 * write). Without a key, a sealed file is refused with what to set.
 */
export function createCredentialStore(
  dataDir: string,
  options: { key?: Buffer | null } = {},
): CredentialStore {
  const key = options.key === undefined ? readSecretKey() : options.key;
  const file = (system: keyof Files) => join(dataDir, 'connections', `${system}.json`);
  return {
    read(system) {
      checkDataDir(dataDir);
      const text = readSecretFile(file(system));
      if (!text) return null;
      const again = `run "sync-health connect ${system}" again (or "sync-health disconnect ${system}")`;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        // Never echo the content (it holds tokens), nor the parser's message (it quotes the content).
        throw new CredentialFileError(`${file(system)} is not valid JSON; ${again}.`);
      }
      if (isSealed(json)) {
        if (!key) {
          throw new CredentialFileError(
            `${file(system)} is encrypted: set ${SECRET_KEY_ENV} to the key it was saved with, or ${again}.`,
          );
        }
        try {
          json = JSON.parse(unseal(json, key));
        } catch (err) {
          if (err instanceof SecretKeyError) throw new CredentialFileError(`${file(system)}: ${err.message}`);
          throw new CredentialFileError(`${file(system)} decrypts to something that is not JSON; ${again}.`);
        }
      }
      const parsed = SCHEMAS[system].safeParse(json);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(the whole file)'))];
        throw new CredentialFileError(
          `${file(system)} is not a ${system} credential file (wrong or missing: ${fields.join(', ')}); ${again}.`,
        );
      }
      return parsed.data as Files[typeof system];
    },
    write(system, value) {
      checkDataDir(dataDir);
      const json = JSON.stringify(value, null, 2);
      writeSecretFile(file(system), `${key ? JSON.stringify(seal(json, key)) : json}\n`);
    },
    wipe(system) {
      checkDataDir(dataDir);
      const had = existsSync(file(system));
      rmSync(file(system), { force: true });
      return had;
    },
  };
}
