/** @module Secrets on disk: written atomically with mode 0600, never logged. */
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { checkDataDir, checkSecretFile } from './data-dir';

/**
 * Writes `content` to `file` with mode 0600: a temp file, fsync, then rename over the old one
 * (atomic on POSIX), so a crash never leaves half a secret or half a sandbox state.
 */
export function writeSecretFile(file: string, content: string): void {
  checkDataDir(dirname(file));
  checkSecretFile(file);
  // 0700: `connections/` and any folder made here hold secrets too.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if ((statSync(dirname(file)).mode & 0o077) !== 0) chmodSync(dirname(file), 0o700);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Reads a secret file, refusing one that is not ours (a planted token) with a {@link DataDirError}. */
export function readSecretFile(file: string): string | null {
  checkDataDir(dirname(file));
  checkSecretFile(file);
  if (!existsSync(file)) return null;
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8');
}
