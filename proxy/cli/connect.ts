/** @module `sync-health connect salesforce|hubspot`: keeps the account's credentials in the data folder. */
import type { SalesforceConnection } from '../../shared/api/connections';
import { ConnectError, createConnectionManager } from '../connect/connection-manager';
import { HubspotTokenError } from '../connect/hubspot-check';
import { SfCliError } from '../connect/sf-cli';
import { OAuthFlowError } from '../salesforce/oauth-flow';
import { UsageError } from './args';
import type { Command } from './commands';
import { allowedHosts, connectSalesforceOAuth } from './connect-oauth';
import { readSecretInput } from './read-secret-input';

export const connectCommand: Command = {
  summary: 'Connect a real Salesforce org or HubSpot portal (used by "start" once both are connected).',
  usage: `Usage:
  sync-health connect salesforce [--login-url URL] [--client-id KEY] [--port N] [--no-open]
      OAuth 2.0 with PKCE: opens Salesforce's sign-in page; the proxy's port receives the callback
      (http://127.0.0.1:8787/oauth/salesforce/callback). --login-url https://test.salesforce.com for a
      sandbox org or your My Domain URL; --client-id is the connected app's consumer key.
  sync-health connect salesforce --sf-cli ALIAS
      Reuse an org the Salesforce CLI is logged into ("sf org display"); run again by the proxy to refresh.
  sync-health connect salesforce --instance-url URL --access-token-file FILE
      A session given directly (scripts, CI). FILE "-" reads stdin. The token is never taken as an argument.
  sync-health connect hubspot --token-file FILE [--base-url URL]
      A private app's access token, checked for the portal and the scopes the sync needs.

  URLs must be https:// on Salesforce (*.salesforce.com, *.force.com, …) or HubSpot (*.hubapi.com,
  *.hubspot.com) hosts; http:// only for 127.0.0.1/localhost. --allow-host HOST[,HOST] trusts more.`,
  positionals: true,
  options: {
    'login-url': { type: 'string' },
    'client-id': { type: 'string' },
    'sf-cli': { type: 'string' },
    'instance-url': { type: 'string' },
    'access-token-file': { type: 'string' },
    'token-file': { type: 'string' },
    'base-url': { type: 'string' },
    port: { type: 'string', short: 'p' },
    'no-open': { type: 'boolean' },
    'data-dir': { type: 'string' },
    'allow-host': { type: 'string' },
  },
  async run(values, positionals) {
    const system = positionals?.[0];
    const manager = createConnectionManager({
      dataDir: values.dataDir,
      origin: () => '',
      allowHosts: allowedHosts(values),
    });
    try {
      if (system === 'hubspot') {
        const token = readSecretInput(values['token-file'], '--token-file');
        const h = await manager.connectHubspot(token, values['base-url'] as string | undefined);
        console.log(`HubSpot connected: portal ${h.portalId}, scopes: ${h.scopes?.join(', ')}`);
        return 0;
      }
      if (system !== 'salesforce') {
        throw new UsageError(
          `Say what to connect: "salesforce" or "hubspot" (got "${system ?? ''}").\n\n${this.usage}`,
        );
      }
      let org: SalesforceConnection;
      if (typeof values['sf-cli'] === 'string') {
        org = await manager.connectSfCli(values['sf-cli']);
      } else if (values['instance-url'] !== undefined || values['access-token-file'] !== undefined) {
        if (typeof values['instance-url'] !== 'string') {
          throw new UsageError(
            '--access-token-file needs --instance-url (e.g. https://mydomain.my.salesforce.com).',
          );
        }
        const token = readSecretInput(values['access-token-file'], '--access-token-file');
        org = await manager.connectToken(values['instance-url'], token);
      } else {
        org = await connectSalesforceOAuth(values);
      }
      console.log(
        `Salesforce connected (${org.method}): ${org.username}, org ${org.orgId}, ${org.instanceUrl}, API v${org.apiVersion}`,
      );
      return 0;
    } catch (err) {
      if (
        err instanceof ConnectError ||
        err instanceof SfCliError ||
        err instanceof OAuthFlowError ||
        err instanceof HubspotTokenError
      ) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
  },
};
