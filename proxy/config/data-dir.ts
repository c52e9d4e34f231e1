/** @module Where the proxy keeps its state: tokens, the SQLite store, the sandboxes. */
import { chmodSync, lstatSync, mkdirSync, type Stats, statSync } from 'node:fs';
import { resolve } from 'node:path';
import envPaths from 'env-paths';

/**
 * The data folder: `--data-dir`, else `SYNC_HEALTH_DATA_DIR`, else the platform's user
 * data dir for the app (e.g. ~/.local/share/sync-health on Linux).
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.SYNC_HEALTH_DATA_DIR ?? envPaths('sync-health', { suffix: '' }).data;
  return resolve(chosen);
}

/** A data folder or a secret file we must not use; the message is one line saying what to do. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Whose files count as ours: the current user (tests pass another uid to play a foreign owner). */
export interface OwnerCheck {
  uid?: number;
}

const currentUid = () => process.getuid?.();
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

/**
 * Throws a {@link DataDirError} unless `stats` belong to `uid` and nobody else may write there: a
 * folder pre-created by another user, or one anyone can write to, may hold a planted pairing token.
 */
function refuseForeign(path: string, stats: Stats, what: 'folder' | 'file', uid: number | undefined): void {
  if (uid === undefined) return; // Windows: no POSIX owners; the user profile folder protects it.
  const label = what === 'folder' ? 'data folder' : 'file';
  const fix =
    what === 'folder'
      ? `chown ${uid} "${path}" && chmod 700 "${path}", or pass --data-dir with a folder of your own`
      : `delete it (the proxy makes a new one) or chown ${uid} "${path}" && chmod 600 "${path}"`;
  if (stats.uid !== uid) {
    throw new DataDirError(
      `Refusing the ${label} ${path}: it belongs to user ${stats.uid}, not to you (user ${uid}). Fix: ${fix}.`,
    );
  }
  if ((stats.mode & 0o022) !== 0) {
    throw new DataDirError(
      `Refusing the ${label} ${path}: other users can write to it (mode ${octal(stats.mode)}). Fix: ${fix}.`,
    );
  }
}

/**
 * Checks an existing data folder (or a folder inside it) before anything is read from or written to
 * it: owned by the current user, a real folder (a symlink is followed to its target, which is checked),
 * not writable by group or others. Safe to call on a folder that does not exist yet.
 */
export function checkDataDir(dir: string, options: OwnerCheck = {}): void {
  let stats: Stats;
  try {
    stats = statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!stats.isDirectory()) {
    throw new DataDirError(`The data folder ${dir} is not a folder. Pass --data-dir with a folder path.`);
  }
  refuseForeign(dir, stats, 'folder', options.uid ?? currentUid());
}

/**
 * Checks a secret file (pairing token, credentials) before it is read: a regular file, not a symlink,
 * owned by the current user, writable by nobody else. Absent is fine.
 */
export function checkSecretFile(file: string, options: OwnerCheck = {}): void {
  let stats: Stats;
  try {
    stats = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!stats.isFile()) {
    throw new DataDirError(
      `Refusing ${file}: it is not a regular file (a symlink or a folder). Fix: delete it; the proxy writes its own.`,
    );
  }
  refuseForeign(file, stats, 'file', options.uid ?? currentUid());
}

/**
 * Creates the folder (mode 0700) or checks an existing one (see {@link checkDataDir}) and takes away
 * the read bits of others; secrets live inside.
 */
export function ensureDataDir(dir: string, options: OwnerCheck = {}): string {
  checkDataDir(dir, options);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}
