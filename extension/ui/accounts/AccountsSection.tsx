import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useProxyClient } from '../../api/use-proxy-client';
import { useConnections } from './use-connections';

// Kept here, not imported from shared/api/connections: that module carries zod, which the panel leaves out.
const LOGIN_URLS = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
} as const;

/**
 * Accounts: which accounts the sync uses (embedded sandbox or connected), the Salesforce org and the
 * HubSpot portal with their facts, connect / disconnect, and "Reconnect" when a token stopped working.
 * Tokens are typed here and sent once to the proxy; nothing secret ever comes back.
 */
export function AccountsSection() {
  const client = useProxyClient();
  const c = useConnections(client);
  const [login, setLogin] = useState<string>(LOGIN_URLS.production);
  const [clientId, setClientId] = useState('');
  const [token, setToken] = useState('');
  if (!client) return <p class="muted">Pair with the proxy to connect accounts.</p>;
  if (!c.status) return <p aria-busy="true">Loading accounts…</p>;
  const { mode, salesforce: sf, hubspot: hs, reconnect } = c.status;

  const connectSalesforce = async (e: Event) => {
    e.preventDefault();
    const url = await c.authorize(login, clientId);
    if (url) await browser.tabs.create({ url });
  };
  const pasteToken = async (e: Event) => {
    e.preventDefault();
    if (await c.pasteHubspotToken(token)) setToken('');
  };

  return (
    <section aria-label="Accounts" class="accounts">
      <h2>Accounts</h2>
      <p data-testid="accounts-mode">
        {mode === 'connected'
          ? 'The sync runs on your connected org and portal.'
          : 'The sync runs on the embedded sandbox.'}
        {mode === 'sandbox' && sf.connected && hs.connected
          ? ' Restart the proxy to use the connected accounts.'
          : ''}
      </p>
      {reconnect && (
        <p role="alert">
          A token stopped working and the sync is suspended. Reconnect below; the sync resumes on the new
          credentials.
        </p>
      )}
      <h3>Salesforce</h3>
      {sf.connected ? (
        <dl data-testid="salesforce-org">
          <dt>User</dt>
          <dd>{sf.username}</dd>
          <dt>Org id</dt>
          <dd>{sf.orgId}</dd>
          <dt>Instance</dt>
          <dd>{sf.instanceUrl}</dd>
          <dt>API version</dt>
          <dd>{sf.apiVersion}</dd>
        </dl>
      ) : (
        <p class="muted">Not connected.</p>
      )}
      <form onSubmit={connectSalesforce}>
        <label>
          Sign in at{' '}
          <select value={login} onChange={(e) => setLogin((e.target as HTMLSelectElement).value)}>
            <option value={LOGIN_URLS.production}>Production (login.salesforce.com)</option>
            <option value={LOGIN_URLS.sandbox}>Sandbox (test.salesforce.com)</option>
          </select>
        </label>
        <label>
          Connected app consumer key{' '}
          <input
            value={clientId}
            placeholder="the one used last"
            onInput={(e) => setClientId((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={c.busy}>
          {sf.connected ? 'Reconnect Salesforce' : 'Connect Salesforce'}
        </button>
        {sf.connected && (
          <button type="button" disabled={c.busy} onClick={() => c.disconnect('salesforce')}>
            Disconnect
          </button>
        )}
      </form>
      <h3>HubSpot</h3>
      {hs.connected ? (
        <dl data-testid="hubspot-portal">
          <dt>Portal id</dt>
          <dd>{hs.portalId}</dd>
          <dt>Scopes</dt>
          <dd>{hs.scopes?.join(', ')}</dd>
          {hs.missingScopes?.length ? (
            <>
              <dt>Missing scopes</dt>
              <dd>{hs.missingScopes.join(', ')}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p class="muted">Not connected.</p>
      )}
      <form onSubmit={pasteToken}>
        <label>
          Private app access token{' '}
          <input
            type="password"
            autoComplete="off"
            value={token}
            onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={c.busy || !token.trim()}>
          {hs.connected ? 'Reconnect HubSpot' : 'Connect HubSpot'}
        </button>
        {hs.connected && (
          <button type="button" disabled={c.busy} onClick={() => c.disconnect('hubspot')}>
            Disconnect
          </button>
        )}
      </form>
      {c.note && <p role={c.note.error ? 'alert' : 'status'}>{c.note.text}</p>}
    </section>
  );
}
