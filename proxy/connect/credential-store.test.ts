import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialFileError, createCredentialStore } from './credential-store';

describe('credential files are checked when read', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sh-creds-'));
    mkdirSync(join(dir, 'connections'), { mode: 0o700 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const plant = (system: string, text: string) =>
    writeFileSync(join(dir, 'connections', `${system}.json`), text, { mode: 0o600 });

  it('reads back what it wrote', () => {
    const store = createCredentialStore(dir);
    const h = { token: 'pat-1', portalId: '42', scopes: ['a'], missingScopes: [], connectedAt: 5 };
    store.write('hubspot', h);
    expect(store.read('hubspot')).toEqual(h);
  });

  it('names the file and what to run when it is not JSON, without quoting it', () => {
    plant('hubspot', '{"token":"pat-secret-123",');
    const read = () => createCredentialStore(dir).read('hubspot');
    expect(read).toThrow(CredentialFileError);
    expect(read).toThrow(
      `${join(dir, 'connections', 'hubspot.json')} is not valid JSON; run "sync-health connect hubspot" again (or "sync-health disconnect hubspot").`,
    );
  });

  it('names the fields that are wrong when the JSON has another shape, never the token', () => {
    plant('salesforce', JSON.stringify({ method: 'magic', accessToken: '00Dsecret!', apiVersion: '62.0' }));
    let message = '';
    try {
      createCredentialStore(dir).read('salesforce');
    } catch (err) {
      expect(err).toBeInstanceOf(CredentialFileError);
      message = (err as Error).message;
    }
    expect(message).toBe(
      `${join(dir, 'connections', 'salesforce.json')} is not a salesforce credential file (wrong or missing: method, instanceUrl, connectedAt); run "sync-health connect salesforce" again (or "sync-health disconnect salesforce").`,
    );
    expect(message).not.toContain('00Dsecret');
  });
});
