/** @module `sync-health disconnect salesforce|hubspot`: wipes that account's tokens from the data folder. */
import { SYSTEMS } from '../../shared/api/connections';
import { createConnectionManager } from '../connect/connection-manager';
import { UsageError } from './args';
import type { Command } from './commands';

export const disconnectCommand: Command = {
  summary: "Forget a connected account's tokens (the next start falls back to the sandbox).",
  usage: `Usage: sync-health disconnect salesforce|hubspot [--data-dir DIR]`,
  positionals: true,
  options: { 'data-dir': { type: 'string' } },
  async run(values, positionals) {
    const system = positionals?.[0];
    if (!system || !(SYSTEMS as readonly string[]).includes(system)) {
      throw new UsageError(`Say what to disconnect: ${SYSTEMS.join(' or ')} (got "${system ?? ''}").`);
    }
    const manager = createConnectionManager({ dataDir: values.dataDir, origin: () => '' });
    const had = manager.disconnect(system as (typeof SYSTEMS)[number]);
    console.log(had ? `${system} disconnected: its tokens are deleted.` : `${system} was not connected.`);
    return 0;
  },
};
