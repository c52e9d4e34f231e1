/** @module sync.db created with mode 0600 before SQLite opens it: it holds record data from both systems. */
import { chmodSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../store/index';

/** SQLite gives its -wal and -shm files the database file's mode, so they stay private too. */
export function openPrivateStore(dataDir: string) {
  const file = join(dataDir, 'sync.db');
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return openStore(file);
}
