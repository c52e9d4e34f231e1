/** @module The one JSON line `npm run sandbox` prints first: everything jsforce or curl needs to reach the org. */
import { SANDBOX_PASSWORD, SANDBOX_USERNAME } from './oauth-routes';

export interface SandboxConnectionInfo {
  instanceUrl: string;
  loginUrl: string;
  accessToken: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  version: string;
  controlUrl: string;
}

/**
 * @example
 * const info = sandboxConnectionInfo('http://127.0.0.1:4711', sf.issueSession());
 * console.log(JSON.stringify(info));
 * // new jsforce.Connection({ instanceUrl: info.instanceUrl, accessToken: info.accessToken, version: info.version })
 */
export function sandboxConnectionInfo(
  origin: string,
  session: {
    accessToken: string;
    refreshToken: string;
    instanceUrlPath: string;
    clientId: string;
    clientSecret: string;
  },
): SandboxConnectionInfo {
  const instanceUrl = `${origin.replace(/\/$/, '')}${session.instanceUrlPath}`;
  return {
    instanceUrl,
    // The org is its own login server: OAuth endpoints live under the instance URL.
    loginUrl: instanceUrl,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    clientId: session.clientId,
    clientSecret: session.clientSecret,
    username: SANDBOX_USERNAME,
    password: SANDBOX_PASSWORD,
    version: '62.0',
    controlUrl: `${instanceUrl}/_control`,
  };
}
