/** @module The login-and-allow page of /services/oauth2/authorize: the user signs in and grants the connected app access. */
import { html } from 'hono/html';

const KEPT = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
];

/**
 * The connected app's callback URL: the proxy's OAuth callback on a loopback address. Salesforce
 * compares redirect_uri with the callback URLs of the connected app, whole; the sandbox's port is
 * whatever the proxy listens on, so any port is taken, but only that path on 127.0.0.1 or localhost.
 */
const CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?\/oauth\/salesforce\/callback$/;

/** True when Salesforce would send the browser (and the code) to `redirectUri` for this app. */
export function matchesCallback(redirectUri: string | undefined): boolean {
  return redirectUri !== undefined && CALLBACK.test(redirectUri);
}

/** Salesforce's answer to a redirect_uri not among the connected app's callback URLs: a page, no redirect. */
export function redirectMismatchPage() {
  return html`<!doctype html><html><head><title>Error</title></head><body><h1>error=redirect_uri_mismatch</h1><p>redirect_uri must match configuration: the connected app's callback URL is http://127.0.0.1:&lt;port&gt;/oauth/salesforce/callback.</p></body></html>`;
}

/** The form re-posts every authorization parameter with the credentials typed in. */
export function authorizePage(params: Record<string, string>, clientId: string, problem?: string) {
  if (params.client_id !== clientId) {
    return html`<!doctype html><html><head><title>Error</title></head><body><h1>error=invalid_client_id</h1><p>client identifier invalid: use client_id ${clientId}.</p></body></html>`;
  }
  if (!matchesCallback(params.redirect_uri)) return redirectMismatchPage();
  const hidden = KEPT.filter((k) => params[k] !== undefined).map(
    (k) => html`<input type="hidden" name="${k}" value="${params[k]}">`,
  );
  return html`<!doctype html>
<html>
<head><title>Login | Salesforce Sandbox</title></head>
<body>
  <h1>Sync Health sandbox org</h1>
  ${problem ? html`<p role="alert">${problem}</p>` : ''}
  <form method="post" action="authorize">
    ${hidden}
    <label>Username <input name="username" value="integration@sync-health.sandbox"></label>
    <label>Password <input name="password" type="password" value="sandbox-password"></label>
    <p>Allow access to your Salesforce data (api, refresh_token)?</p>
    <button type="submit">Allow</button>
  </form>
</body>
</html>`;
}
