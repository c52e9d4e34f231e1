/**
 * @module One store per identity: the sandbox and each connected (org, portal) pair keep their own
 * folder under `<data-dir>/stores/`, and a `sync.db` from the old single-store layout is moved to the
 * identity it belonged to on first start.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreIdentity } from '../../shared/api/status';
import { ensureDataDir } from '../config/data-dir';
import { checkpointStoreFile, type Store } from '../store';
import { openStoreFromUrl, redact } from '../store/pg/index';
import type { ConnectedAccounts } from './connected-sync';
import { openPrivateStore } from './open-private-store';

export const SANDBOX_IDENTITY: StoreIdentity = { kind: 'sandbox', key: 'sandbox', label: 'Sandbox' };
export const FRESH_SANDBOX_IDENTITY: StoreIdentity = {
  kind: 'sandbox',
  key: 'sandbox-fresh-org',
  label: 'Sandbox (fresh org)',
};

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

/**
 * The connected pair's identity: its org id (the instance host when the org id is unknown) and portal id
 * name its store; the label shows the org's name when it is known.
 */
export function connectedIdentity(accounts: ConnectedAccounts): StoreIdentity {
  const sf = accounts.salesforce;
  const org = sf.orgId ?? new URL(sf.instanceUrl).host;
  const portalId = accounts.hubspot.portalId;
  return {
    kind: 'connected',
    key: safe(`${org}-${portalId}`),
    // The org's name once known (read at start, kept with the credentials); until then its id and user.
    label: sf.orgName
      ? `${sf.orgName} · HubSpot portal ${portalId}`
      : `Salesforce org ${org}${sf.username ? ` (${sf.username})` : ''} · HubSpot portal ${portalId}`,
    orgId: sf.orgId,
    ...(sf.orgName ? { orgName: sf.orgName } : {}),
    portalId,
  };
}

/** `<data-dir>/stores/<key>`, created 0700. */
export function storeDir(dataDir: string, identity: StoreIdentity): string {
  ensureDataDir(join(dataDir, 'stores'));
  return ensureDataDir(join(dataDir, 'stores', identity.key));
}

/**
 * Whose the old `<data-dir>/sync.db` was. Before stores were split, the sandbox wrote it whenever it
 * ran in this folder (its org state, `sandbox-salesforce.json`, is the trace it leaves), and a connected
 * first run then inherited the trial's links and errors: so a folder where the sandbox ran gives the
 * store to the sandbox and the connected pair starts clean. Only a folder where the sandbox never ran
 * and both accounts are connected gives it to the connected pair.
 */
export function legacyStoreOwner(dataDir: string, connected: ConnectedAccounts | null): StoreIdentity {
  if (!connected || existsSync(join(dataDir, 'sandbox-salesforce.json'))) return SANDBOX_IDENTITY;
  return connectedIdentity(connected);
}

/** Moves an old-layout `sync.db` (with its WAL, checkpointed first) into its identity's folder. */
export function adoptLegacyStore(
  dataDir: string,
  connected: ConnectedAccounts | null,
): { identity: StoreIdentity; file: string } | null {
  const legacy = join(dataDir, 'sync.db');
  if (!existsSync(legacy)) return null;
  const identity = legacyStoreOwner(dataDir, connected);
  const target = join(storeDir(dataDir, identity), 'sync.db');
  if (existsSync(target)) {
    throw new Error(
      `Both ${legacy} (the old layout) and ${target} exist: keep the one you want and delete the other, then start again.`,
    );
  }
  // Fold the WAL into the main file so one rename moves every committed change.
  checkpointStoreFile(legacy);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(legacy + suffix)) renameSync(legacy + suffix, target + suffix);
  }
  renameSync(legacy, target);
  return { identity, file: target };
}

/** Opens the identity's store, after moving an old-layout store where it belongs. */
export function openIdentityStore(
  dataDir: string,
  identity: StoreIdentity,
  connected: ConnectedAccounts | null,
) {
  const moved = adoptLegacyStore(dataDir, connected);
  if (moved) {
    console.log(
      `[sync-health] Moved the store of the old layout (${join(dataDir, 'sync.db')}) to ${moved.file}: it holds ${moved.identity.label}'s data.`,
    );
  }
  return openPrivateStore(storeDir(dataDir, identity));
}

/**
 * The sync's store: PostgreSQL when the shared server is given a database URL (`serve --database` or
 * SYNC_HEALTH_DATABASE_URL, checked by `serve` before anything starts), else the identity's SQLite file.
 */
export async function openSyncStore(
  dataDir: string,
  identity: StoreIdentity,
  connected: ConnectedAccounts | null,
  databaseUrl?: string,
): Promise<Store> {
  if (!databaseUrl) return openIdentityStore(dataDir, identity, connected);
  const store = await openStoreFromUrl(databaseUrl);
  try {
    await claimDatabase(store, identity, databaseUrl);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export class StoreIdentityMismatchError extends Error {
  override name = 'StoreIdentityMismatchError';
}

/**
 * Marks an empty database as `identity`'s store, or checks that it is: a database that holds another
 * identity's sync (the sandbox's, another org's) is refused rather than mixed with this one.
 */
export async function claimDatabase(store: Store, identity: StoreIdentity, databaseUrl: string) {
  const owner = await store.cursor('store_identity');
  if (!owner) {
    await store.setCursor('store_identity', { key: identity.key, label: identity.label });
    return;
  }
  if (owner.key !== identity.key) {
    throw new StoreIdentityMismatchError(
      `The database ${redact(databaseUrl)} holds the sync of ${owner.label}, not of ${identity.label}. ` +
        'Give this sync a database of its own (an empty one is set up on start), or run the one it holds.',
    );
  }
}

/** `serve`'s check before it starts: the database is reachable, migrated, and this identity's (or empty). */
export async function checkSyncDatabase(databaseUrl: string, identity: StoreIdentity): Promise<void> {
  const store = await openStoreFromUrl(databaseUrl);
  try {
    await claimDatabase(store, identity, databaseUrl);
  } finally {
    await store.close();
  }
}
