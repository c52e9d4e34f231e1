/** @module `sync-health start`: the proxy in the foreground. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConnectedAccounts, startConnectedProxy } from '../runtime/connected-runtime';
import { startSandboxProxy } from '../runtime/sandbox-runtime';
import { parsePort } from './args';
import type { Command } from './commands';

export const DEFAULT_PORT = 8787;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const startCommand: Command = {
  summary: 'Start the proxy on 127.0.0.1 (the embedded sandbox unless real accounts are connected).',
  usage: `Usage: sync-health start [--port N] [--data-dir DIR] [--sandbox]

  --port N         port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir DIR   where tokens, the store and the sandboxes live
                   (default: $SYNC_HEALTH_DATA_DIR, else the user data dir, e.g. ~/.local/share/sync-health)
  --sandbox        use the embedded Salesforce org and HubSpot portal even if real accounts are connected`,
  options: {
    port: { type: 'string', short: 'p' },
    'data-dir': { type: 'string' },
    sandbox: { type: 'boolean' },
  },
  async run(values) {
    const port = parsePort(values.port, DEFAULT_PORT);
    const accounts = values.sandbox ? null : readConnectedAccounts(values.dataDir);
    const { proxy, close } = accounts
      ? await startConnectedProxy({ port, dataDir: values.dataDir })
      : await startSandboxProxy({ port, dataDir: values.dataDir });
    const extensionDir = resolve(ROOT, '.output', 'chrome-mv3');
    console.log(`Sync Health proxy listening on ${proxy.url} (loopback only)`);
    console.log(`Data folder: ${values.dataDir}`);
    console.log(
      accounts
        ? `Accounts: connected. Salesforce org ${accounts.salesforce.orgId} as ${accounts.salesforce.username} (${accounts.salesforce.instanceUrl}), HubSpot portal ${accounts.hubspot.portalId}`
        : `Accounts: embedded sandbox (${values.sandbox ? '--sandbox given' : 'connect both accounts to use your own'}). Salesforce org: ${proxy.url}/sandbox/salesforce, HubSpot portal: ${proxy.url}/sandbox/hubspot`,
    );
    console.log(
      existsSync(extensionDir)
        ? `Extension folder: ${extensionDir}\n  Load it in Chrome: chrome://extensions → Developer mode → Load unpacked → choose that folder.`
        : `Extension not built yet: run "npm run build", then load ${extensionDir} in chrome://extensions (Load unpacked).`,
    );
    console.log(`Pairing token: ${proxy.token}`);
    console.log(
      '  Paste it in the extension options (right-click the toolbar icon → Options) with the address above.',
    );
    await new Promise<void>((resolveStop) => {
      const stop = (signal: string) => {
        console.log(`\n${signal}: shutting down.`);
        close().then(resolveStop);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
