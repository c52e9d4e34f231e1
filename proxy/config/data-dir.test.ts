import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore } from '../connect/credential-store';
import { checkDataDir, checkSecretFile, DataDirError, ensureDataDir } from './data-dir';
import { loadOrCreatePairingToken } from './pairing-token';

const me = process.getuid?.() ?? 0;
const isRoot = me === 0;
/** A uid that is not ours: `nobody` when we are root (we can really chown to it), else root. */
const someoneElse = isRoot ? 65534 : 0;

describe('the data folder is ours before anything is written', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'sh-dd-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates a missing folder with mode 0700', () => {
    const dir = ensureDataDir(join(base, 'data'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder anyone may write to, writes nothing, and says how to fix it in one line', () => {
    const dir = join(base, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    expect(() => ensureDataDir(dir)).toThrow(DataDirError);
    expect(() => ensureDataDir(dir)).toThrow(
      `Refusing the data folder ${dir}: other users can write to it (mode 777). Fix: chown ${me} "${dir}" && chmod 700 "${dir}", or pass --data-dir with a folder of your own.`,
    );
    expect(() => loadOrCreatePairingToken(dir)).toThrow(DataDirError);
    expect(readdirSync(dir)).toEqual([]);
    expect(statSync(dir).mode & 0o777).toBe(0o777);
  });

  it('refuses a group-writable folder too', () => {
    const dir = join(base, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o770);
    expect(() => checkDataDir(dir)).toThrow(/other users can write to it \(mode 770\)/);
  });

  it('tightens a folder of ours that others may only read', () => {
    const dir = join(base, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensureDataDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder that belongs to another user', () => {
    const dir = join(base, 'data');
    mkdirSync(dir, { mode: 0o700 });
    // As root the folder really changes hands; otherwise the check is told we are someone else.
    if (isRoot) chownSync(dir, someoneElse, someoneElse);
    const as = isRoot ? {} : { uid: me + 1 };
    const owner = isRoot ? someoneElse : me;
    const uid = isRoot ? me : me + 1;
    expect(() => ensureDataDir(dir, as)).toThrow(
      `Refusing the data folder ${dir}: it belongs to user ${owner}, not to you (user ${uid}).`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a planted pairing token others may write to, instead of adopting it', () => {
    const dir = ensureDataDir(join(base, 'data'));
    const token = join(dir, 'pairing-token');
    writeFileSync(token, 'planted-by-someone-else\n');
    chmodSync(token, 0o666);
    expect(() => loadOrCreatePairingToken(dir)).toThrow(/other users can write to it \(mode 666\)/);
  });

  it('refuses a pairing token that belongs to another user', () => {
    const dir = ensureDataDir(join(base, 'data'));
    const token = join(dir, 'pairing-token');
    writeFileSync(token, 'planted-by-someone-else\n', { mode: 0o600 });
    if (isRoot) {
      chownSync(token, someoneElse, someoneElse);
      expect(() => loadOrCreatePairingToken(dir)).toThrow(`it belongs to user ${someoneElse}, not to you`);
    } else {
      // Without root no file can be given away: the check is told we are someone else.
      expect(() => checkSecretFile(token, { uid: me + 1 })).toThrow(`it belongs to user ${me}, not to you`);
    }
  });

  it('refuses a pairing token that is a symlink', () => {
    const dir = ensureDataDir(join(base, 'data'));
    writeFileSync(join(base, 'elsewhere'), 'x\n', { mode: 0o600 });
    symlinkSync(join(base, 'elsewhere'), join(dir, 'pairing-token'));
    expect(() => loadOrCreatePairingToken(dir)).toThrow(/is not a regular file/);
  });

  it('keeps connections/ at 0700, and tightens one an older version made 0755', () => {
    const dir = ensureDataDir(join(base, 'data'));
    const store = createCredentialStore(dir);
    const creds = { token: 't', portalId: '1', scopes: [], missingScopes: [], connectedAt: 1 };
    store.write('hubspot', creds);
    expect(statSync(join(dir, 'connections')).mode & 0o777).toBe(0o700);
    chmodSync(join(dir, 'connections'), 0o755);
    store.write('hubspot', creds);
    expect(statSync(join(dir, 'connections')).mode & 0o777).toBe(0o700);
  });

  it('creates the data folder 0700 when connect writes credentials first', () => {
    const dir = join(base, 'fresh');
    createCredentialStore(dir).write('hubspot', {
      token: 't',
      portalId: '1',
      scopes: [],
      missingScopes: [],
      connectedAt: 1,
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
