/** @module Where the proxy keeps its state: tokens, the SQLite store, the sandboxes. */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
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

/** Creates the folder (mode 0700) or tightens an existing one; secrets live inside. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}
