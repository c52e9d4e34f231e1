/** @module Connected-account secrets in the data folder: one 0600 JSON file per system, written atomically. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkDataDir } from '../config/data-dir';
import { readSecretFile, writeSecretFile } from '../config/secret-file';

/** What the proxy keeps for Salesforce; everything but the tokens may be shown. */
export interface SalesforceCredentials {
  method: 'oauth' | 'sf-cli' | 'token';
  instanceUrl: string;
  accessToken: string;
  refreshToken?: string;
  /** OAuth: the connected app and where it signs in (refresh goes there). */
  clientId?: string;
  loginUrl?: string;
  /** sf-cli: the alias `sf org display` is run with again when the session expires. */
  sfAlias?: string;
  username?: string;
  userId?: string;
  orgId?: string;
  apiVersion: string;
  connectedAt: number;
}

export interface HubspotCredentials {
  token: string;
  baseUrl?: string;
  /** Record pages' base from the account details (EU portals differ). */
  uiBaseUrl?: string;
  portalId: string;
  scopes: string[];
  missingScopes: string[];
  connectedAt: number;
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

export function createCredentialStore(dataDir: string): CredentialStore {
  const file = (system: keyof Files) => join(dataDir, 'connections', `${system}.json`);
  return {
    read(system) {
      checkDataDir(dataDir);
      const text = readSecretFile(file(system));
      if (!text) return null;
      try {
        return JSON.parse(text);
      } catch (err) {
        // Never echo the content: it holds tokens.
        throw new Error(`${file(system)} is not valid JSON; run "sync-health connect ${system}" again.`, {
          cause: err instanceof Error ? new Error(err.name) : undefined,
        });
      }
    },
    write(system, value) {
      checkDataDir(dataDir);
      writeSecretFile(file(system), `${JSON.stringify(value, null, 2)}\n`);
    },
    wipe(system) {
      checkDataDir(dataDir);
      const had = existsSync(file(system));
      rmSync(file(system), { force: true });
      return had;
    },
  };
}
