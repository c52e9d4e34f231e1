/** @module Keeps the portal's state in one JSON file, replaced atomically so a crash never leaves half a file. */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretFile } from '../../config/secret-file';
import type { PortalState } from './portal-store';

const FILE = 'hubspot-portal.json';

export function loadPortalState(dataDir: string): PortalState | null {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PortalState;
  } catch (cause) {
    throw new Error(
      `The HubSpot sandbox state in ${path} is unreadable; delete the file to start a fresh portal`,
      {
        cause,
      },
    );
  }
}

/** Writes to a temporary file, fsyncs, then renames over the old one (atomic on POSIX). Mode 0600: it holds the token. */
export function savePortalState(dataDir: string, state: PortalState): void {
  writeSecretFile(join(dataDir, FILE), JSON.stringify(state));
}
