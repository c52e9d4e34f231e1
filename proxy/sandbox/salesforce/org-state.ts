/** @module Everything the sandbox org remembers across restarts, and where it keeps it. */

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretFile } from '../../config/secret-file';
import type { OrgDefinition } from './org-definition';
import type { PermissionSetMeta } from './setup-metadata';

/** A record as stored: canonical field names to JSON values (dates as Salesforce-formatted strings). */
export type SfRecord = Record<string, unknown> & { Id: string };

export interface Session {
  refreshToken: string | null;
  clientId: string;
  expiresAt: number;
}

export interface OrgState {
  version: 1;
  org: OrgDefinition;
  /** object name → record id → record; deleted records stay with IsDeleted = true (the recycle bin). */
  records: Record<string, Record<string, SfRecord>>;
  /** Records the integration user cannot see (another owner's private data). */
  hiddenIds: string[];
  idSequence: number;
  clientId: string;
  clientSecret: string;
  sessions: Record<string, Session>;
  refreshTokens: Record<string, { clientId: string }>;
  /** [second (ms), calls] buckets of the rolling 24-hour API usage window. */
  apiUsage: Array<[number, number]>;
  dailyApiLimit: number;
  apiEnabled: boolean;
  /** Setup metadata beyond records (permission sets); absent in states saved before it existed. */
  setup?: { permissionSets: Record<string, PermissionSetMeta> };
}

export const CLIENT_ID = '3MVG9SyncHealthSandbox.ConnectedApp';

export function emptyState(org: OrgDefinition, dailyApiLimit: number): OrgState {
  return {
    version: 1,
    org,
    records: Object.fromEntries(Object.keys(org.objects).map((name) => [name, {}])),
    hiddenIds: [],
    idSequence: 1,
    clientId: CLIENT_ID,
    clientSecret: randomBytes(24).toString('hex'),
    sessions: {},
    refreshTokens: {},
    apiUsage: [],
    dailyApiLimit,
    apiEnabled: true,
  };
}

const FILE = 'sandbox-salesforce.json';

export function loadOrgState(dataDir: string): OrgState | null {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return null;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as OrgState;
    if (state.version !== 1) throw new Error(`unknown version ${String(state.version)}`);
    return state;
  } catch (cause) {
    throw new Error(`The Salesforce sandbox state in ${path} is unreadable; delete it to start a fresh org`, {
      cause,
    });
  }
}

/** Writes a temporary file, fsyncs and renames it over the old one, so a crash never leaves half an org. Mode 0600: it holds tokens. */
export function saveOrgState(dataDir: string, state: OrgState): void {
  writeSecretFile(join(dataDir, FILE), JSON.stringify(state));
}
