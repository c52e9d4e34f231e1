import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useProxyClient } from '../../api/use-proxy-client';
import { useOfflineDescribedBy, useOfflineReason, useReadClient } from '../shell/proxy-offline';
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
  const offline = useOfflineReason();
  const describedBy = useOfflineDescribedBy();
  const paired = useProxyClient();
  // Read even when changes are off: a viewer sees the connected accounts (the forms stay disabled).
  const client = useReadClient(paired);
  const c = useConnections(client);
  const [login, setLogin] = useState<string>(LOGIN_URLS.production);
  const [clientId, setClientId] = useState('');
  const [token, setToken] = useState('');
  // Which form the last message is about: it is shown under that form, not under the other one.
  const [noteFor, setNoteFor] = useState<'salesforce' | 'hubspot'>('salesforce');
  if (!c.status) {
    if (!paired && !offline) return <p class="muted">Pair with the proxy to connect accounts.</p>;
    if (client && !c.settled) return <p aria-busy="true">Loading accounts…</p>;
    return (
      <section aria-label="Accounts" class="accounts">
        <h2>Accounts</h2>
        <p class="muted">The connected accounts show here once the panel has reached the proxy.</p>
      </section>
    );
  }
  const { mode, salesforce: sf, hubspot: hs, reconnect } = c.status;

  const connectSalesforce = async (e: Event) => {
    e.preventDefault();
    setNoteFor('salesforce');
    const url = await c.authorize(login, clientId);
    if (url) await browser.tabs.create({ url });
  };
  const pasteToken = async (e: Event) => {
    e.preventDefault();
    setNoteFor('hubspot');
    if (await c.pasteHubspotToken(token)) setToken('');
  };
  const disconnect = (system: 'salesforce' | 'hubspot') => {
    setNoteFor(system);
    void c.disconnect(system);
  };
  const noteUnder = (system: 'salesforce' | 'hubspot') =>
    c.note && noteFor === system ? (
      <p role={c.note.error ? 'alert' : 'status'} class={c.note.error ? 'error' : 'muted'}>
        {c.note.text}
      </p>
    ) : null;
  const at = (t: number) =>
    new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section aria-label="Accounts" class="accounts" data-readonly={offline ? 'true' : undefined}>
      <h2>Accounts</h2>
      {c.cachedAt !== null && (
        <p class="muted" data-testid="accounts-cached">
          As of {at(c.cachedAt)}. Read-only until the proxy answers again.
        </p>
      )}
      <p data-testid="accounts-mode">
        {mode === 'connected'
          ? 'The sync runs on your connected Salesforce org and HubSpot account.'
          : 'The sync runs on the built-in sample org and HubSpot account (nothing real is changed).'}
        {mode === 'sandbox' && sf.connected && hs.connected
          ? ' Restart the proxy to sync your connected accounts instead.'
          : ''}
      </p>
      {reconnect && (
        <p role="alert">
          A sign-in stopped working, so the sync is suspended. Reconnect below and the sync resumes.
        </p>
      )}
      <fieldset class="plain-fieldset" disabled={Boolean(offline)}>
        <legend class="sr-only">Salesforce</legend>
        <h3>Salesforce</h3>
        {sf.connected ? (
          <dl data-testid="salesforce-org">
            <dt>User</dt>
            <dd>{sf.username}</dd>
            <dt>Org ID</dt>
            <dd>{sf.orgId}</dd>
            <dt>Address</dt>
            <dd>{sf.instanceUrl}</dd>
            <dt>API version</dt>
            <dd>{sf.apiVersion}</dd>
          </dl>
        ) : (
          <p class="muted">Not connected.</p>
        )}
        <form onSubmit={connectSalesforce}>
          <label>
            Sign in at
            <select value={login} onChange={(e) => setLogin((e.target as HTMLSelectElement).value)}>
              <option value={LOGIN_URLS.production}>Production (login.salesforce.com)</option>
              <option value={LOGIN_URLS.sandbox}>Sandbox (test.salesforce.com)</option>
            </select>
          </label>
          <label>
            Consumer key of your connected app
            <input
              value={clientId}
              placeholder={sf.method === 'oauth' ? 'Leave empty to use the same key as last time' : undefined}
              aria-describedby="sf-key-hint"
              onInput={(e) => setClientId((e.target as HTMLInputElement).value)}
            />
          </label>
          <p id="sf-key-hint" class="muted">
            In Salesforce Setup → App Manager, open your connected app → View → Consumer Key.
          </p>
          <div class="button-row">
            <button type="submit" disabled={c.busy} aria-describedby={describedBy}>
              {sf.connected ? 'Reconnect Salesforce' : 'Connect Salesforce'}
            </button>
            {sf.connected && (
              <button
                type="button"
                class="secondary"
                disabled={c.busy}
                aria-describedby={describedBy}
                onClick={() => disconnect('salesforce')}
              >
                Disconnect Salesforce
              </button>
            )}
          </div>
          {noteUnder('salesforce')}
        </form>
      </fieldset>
      <fieldset class="plain-fieldset" disabled={Boolean(offline)}>
        <legend class="sr-only">HubSpot</legend>
        <h3>HubSpot</h3>
        {hs.connected ? (
          <dl data-testid="hubspot-portal">
            <dt>Account ID</dt>
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
            Private app access token
            <input
              type="password"
              autoComplete="off"
              value={token}
              aria-describedby="hs-token-hint"
              onInput={(e) => setToken((e.target as HTMLInputElement).value)}
            />
          </label>
          <p id="hs-token-hint" class="muted">
            In HubSpot Settings → Integrations → Private apps, open your app → Auth → Show token.
          </p>
          <div class="button-row">
            <button type="submit" disabled={c.busy || !token.trim()} aria-describedby={describedBy}>
              {hs.connected ? 'Reconnect HubSpot' : 'Connect HubSpot'}
            </button>
            {hs.connected && (
              <button
                type="button"
                class="secondary"
                disabled={c.busy}
                aria-describedby={describedBy}
                onClick={() => disconnect('hubspot')}
              >
                Disconnect HubSpot
              </button>
            )}
          </div>
          {noteUnder('hubspot')}
        </form>
      </fieldset>
    </section>
  );
}
