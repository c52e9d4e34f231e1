/** @module `sync-health start`: the proxy in the foreground. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCredentialStore } from '../connect/credential-store';
import { readConnectedAccounts, startConnectedProxy } from '../runtime/connected-runtime';
import { startSandboxProxy } from '../runtime/sandbox-runtime';
import { parsePort } from './args';
import type { Command } from './commands';

export const DEFAULT_PORT = 8787;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const startCommand: Command = {
  summary: 'Start the proxy on 127.0.0.1 (the embedded sandbox unless real accounts are connected).',
  usage: `Usage: sync-health start [--port N] [--data-dir DIR] [--sandbox] [--fresh-org]

  --port N         port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir DIR   where tokens, the store and the sandboxes live
                   (default: $SYNC_HEALTH_DATA_DIR, else the user data dir, e.g. ~/.local/share/sync-health)
  --sandbox        use the embedded Salesforce org and HubSpot portal even if real accounts are connected
  --fresh-org      the sandbox as an admin's own org on day one: none of the sync's fields, the same
                   people and companies on both sides (implies --sandbox; kept in DIR/fresh-org)`,
  options: {
    port: { type: 'string', short: 'p' },
    'data-dir': { type: 'string' },
    sandbox: { type: 'boolean' },
    'fresh-org': { type: 'boolean' },
  },
  async run(values) {
    const port = parsePort(values.port, DEFAULT_PORT);
    const freshOrg = values['fresh-org'] === true;
    const forced = values.sandbox || freshOrg;
    const accounts = forced ? null : readConnectedAccounts(values.dataDir);
    const missing = forced || accounts ? null : missingAccount(values.dataDir);
    const { proxy, close } = accounts
      ? await startConnectedProxy({ port, dataDir: values.dataDir })
      : await startSandboxProxy({ port, dataDir: values.dataDir, freshOrg });
    const extensionDir = resolve(ROOT, '.output', 'chrome-mv3');
    console.log(`Sync Health proxy listening on ${proxy.url} (loopback only)`);
    console.log(`Data folder: ${values.dataDir}`);
    if (missing) console.log(missing);
    const why = freshOrg
      ? '--fresh-org given: no sync fields yet, run "sync-health doctor --fix"'
      : values.sandbox
        ? '--sandbox given'
        : missing
          ? 'the fallback until both accounts are connected'
          : 'connect both accounts to use your own';
    console.log(
      accounts
        ? `Accounts: connected. Salesforce org ${accounts.salesforce.orgId} as ${accounts.salesforce.username} (${accounts.salesforce.instanceUrl}), HubSpot portal ${accounts.hubspot.portalId}`
        : `Accounts: embedded sandbox (${why}). Salesforce org: ${proxy.url}/sandbox/salesforce, HubSpot portal: ${proxy.url}/sandbox/hubspot`,
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
      const stop = async (signal: string) => {
        console.log(`\n${signal}: shutting down.`);
        await close();
        resolveStop();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};

/** With exactly one account connected: which one is missing and the command that connects it. */
export function missingAccount(dataDir: string): string | null {
  const store = createCredentialStore(dataDir);
  const salesforce = store.read('salesforce');
  const hubspot = store.read('hubspot');
  const dirFlag = ` --data-dir ${JSON.stringify(dataDir)}`;
  if (salesforce && !hubspot) {
    return [
      `Salesforce org ${salesforce.orgId ?? salesforce.instanceUrl} is connected, but HubSpot is not: the sync needs both.`,
      `  Connect HubSpot: sync-health connect hubspot --token-file FILE${dirFlag}`,
      '  (a private app token; or paste it in the side panel, Settings → Connections), then start again.',
    ].join('\n');
  }
  if (hubspot && !salesforce) {
    return [
      `HubSpot portal ${hubspot.portalId} is connected, but Salesforce is not: the sync needs both.`,
      `  Connect Salesforce: sync-health connect salesforce --login-url https://login.salesforce.com --client-id KEY${dirFlag}`,
      '  (or --sf-cli ALIAS; or Connect in the side panel, Settings → Connections), then start again.',
    ].join('\n');
  }
  return null;
}
