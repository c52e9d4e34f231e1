import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index';
import type { ConnectedAccounts } from './connected-sync';
import { adoptLegacyStore, connectedIdentity, legacyStoreOwner, SANDBOX_IDENTITY } from './store-identity';

const accounts = {
  salesforce: {
    method: 'token',
    instanceUrl: 'https://acme.my.salesforce.com',
    accessToken: 'x',
    orgId: '00D000000000001EAA',
    username: 'ada@acme.example',
    apiVersion: '62.0',
    connectedAt: 0,
  },
  hubspot: { token: 'y', portalId: '123456', scopes: [], missingScopes: [], connectedAt: 0 },
} as ConnectedAccounts;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const fresh = () => {
  const made = mkdtempSync(join(tmpdir(), 'sh-identity-unit-'));
  dir = made;
  return made;
};
const legacyStore = async (dataDir: string) => {
  const store = openStore(join(dataDir, 'sync.db'));
  await store.setCursor('mapping_fingerprint', 'kept');
  await store.close();
};

describe('store identity', () => {
  it('names a connected pair by org id and portal id, and says both in its label', () => {
    expect(connectedIdentity(accounts)).toEqual({
      kind: 'connected',
      key: '00D000000000001EAA-123456',
      label: 'Salesforce org 00D000000000001EAA (ada@acme.example) · HubSpot portal 123456',
      orgId: '00D000000000001EAA',
      portalId: '123456',
    });
  });

  it('names the org by its name once it is known, keeping the store folder of its id', () => {
    const named = connectedIdentity({
      ...accounts,
      salesforce: { ...accounts.salesforce, orgName: 'Acme Inc.' },
    });
    expect(named).toMatchObject({
      key: '00D000000000001EAA-123456',
      label: 'Acme Inc. · HubSpot portal 123456',
      orgId: '00D000000000001EAA',
      orgName: 'Acme Inc.',
    });
  });

  it.each([
    ['no account is connected', null, false, 'sandbox'],
    ['the sandbox ran in the folder', accounts, true, 'sandbox'],
    ['only the connected sync ran there', accounts, false, '00D000000000001EAA-123456'],
  ])('gives an old sync.db to its owner when %s', (_why, connected, sandboxRan, key) => {
    const dataDir = fresh();
    if (sandboxRan) writeFileSync(join(dataDir, 'sandbox-salesforce.json'), '{}');
    expect(legacyStoreOwner(dataDir, connected).key).toBe(key);
  });

  it('moves the old store with every committed change, and does nothing when there is none', async () => {
    const dataDir = fresh();
    expect(adoptLegacyStore(dataDir, null)).toBeNull();
    await legacyStore(dataDir);
    const moved = adoptLegacyStore(dataDir, null);
    expect(moved?.identity).toEqual(SANDBOX_IDENTITY);
    expect(existsSync(join(dataDir, 'sync.db'))).toBe(false);
    const store = openStore(join(dataDir, 'stores', 'sandbox', 'sync.db'));
    expect(await store.cursor('mapping_fingerprint')).toBe('kept');
    await store.close();
  });

  it('refuses to choose when the old store and the identity folder both hold one, naming both files', async () => {
    const dataDir = fresh();
    await legacyStore(dataDir);
    mkdirSync(join(dataDir, 'stores', 'sandbox'), { recursive: true });
    writeFileSync(join(dataDir, 'stores', 'sandbox', 'sync.db'), '');
    expect(() => adoptLegacyStore(dataDir, null)).toThrow(
      /Both .*sync\.db .* and .*stores\/sandbox\/sync\.db exist/,
    );
  });
});
