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

/** The form re-posts every authorization parameter with the credentials typed in. */
export function authorizePage(params: Record<string, string>, clientId: string, problem?: string) {
  if (params.client_id !== clientId) {
    return html`<!doctype html><html><head><title>Error</title></head><body><h1>error=invalid_client_id</h1><p>client identifier invalid: use client_id ${clientId}.</p></body></html>`;
  }
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
