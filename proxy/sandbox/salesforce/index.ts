/** @module The embedded Salesforce org: a Hono sub-app that jsforce talks to unchanged, mountable under any path. */
import { Hono } from 'hono';
import { createControl, type SalesforceSandboxControl } from './control';
import { createControlRoutes } from './control-routes';
import { createDataApi } from './data-api';
import { demoOrgDefinition } from './demo-org';
import { seedDemoOrg } from './demo-seed';
import { createFaultQueue } from './faults';
import { createOauthRoutes } from './oauth-routes';
import { emptyState, loadOrgState, type OrgState, saveOrgState } from './org-state';
import { createRecordPages } from './record-pages';
import type { SandboxDeps } from './sandbox-deps';
import { issueTokens, newRefreshToken } from './sessions';
import { SfError, sfJson } from './sf-format';

export { type SandboxConnectionInfo, sandboxConnectionInfo } from './connection-info';
export type { SalesforceSandboxControl } from './control';
export { SANDBOX_PASSWORD, SANDBOX_USERNAME } from './oauth-routes';

export interface SalesforceSandboxOptions {
  /** Where it is mounted, e.g. '/sandbox/salesforce' ('' when served alone). */
  basePath: string;
  /** Persist org state here (<dataDir>/sandbox-salesforce.json); in memory when absent. */
  dataDir?: string;
  /** Injectable clock (ms) for the rolling 24 h API limit and token expiry. */
  now?: () => number;
  /** Access token lifetime (default 2 hours). */
  tokenTtlSeconds?: number;
  /** Default 15000; applied to a new org, and to a persisted one when given explicitly. */
  dailyApiLimit?: number;
  /** Load the demo org data (default true). */
  seed?: boolean;
}

export interface SalesforceSandbox {
  app: Hono;
  /** Issue a session for the integration user without HTTP (for the proxy in sandbox mode and for tests). */
  issueSession(): {
    accessToken: string;
    refreshToken: string;
    instanceUrlPath: string;
    clientId: string;
    clientSecret: string;
  };
  control: SalesforceSandboxControl;
  /** requests = every HTTP request served under /services/data/** (its own counter, independent of the proxy). */
  stats(): { requests: number; writes: number; apiUsage: number; apiLimit: number };
  close(): void;
}

const DEFAULT_LIMIT = 15000;

/**
 * @example
 * const sf = createSalesforceSandbox({ basePath: '/sandbox/salesforce', dataDir });
 * parent.route('/sandbox/salesforce', sf.app);
 * // jsforce: new Connection({ instanceUrl: `http://127.0.0.1:${port}/sandbox/salesforce`, accessToken, version: '62.0' })
 */
export function createSalesforceSandbox(options: SalesforceSandboxOptions): SalesforceSandbox {
  const basePath = options.basePath.replace(/\/$/, '');
  const now = options.now ?? Date.now;
  const fresh = (): OrgState => {
    const state = emptyState(demoOrgDefinition(), options.dailyApiLimit ?? DEFAULT_LIMIT);
    if (options.seed !== false) seedDemoOrg(state, now());
    return state;
  };
  let current = (options.dataDir && loadOrgState(options.dataDir)) || fresh();
  if (options.dailyApiLimit !== undefined) current.dailyApiLimit = options.dailyApiLimit;
  const persist = () => {
    if (options.dataDir) saveOrgState(options.dataDir, current);
  };
  persist();

  const faults = createFaultQueue();
  const counters = { requests: 0, writes: 0 };
  const deps: SandboxDeps = {
    state: () => current,
    now,
    basePath,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 2 * 60 * 60,
    faults,
    persist,
    counters,
  };
  const control = createControl({
    state: () => current,
    now,
    persist,
    faults,
    // The connected app and its sessions survive a reset, so a running proxy stays signed in.
    reset() {
      const { clientSecret, sessions, refreshTokens } = current;
      current = fresh();
      Object.assign(current, { clientSecret, sessions, refreshTokens });
      faults.clear();
    },
  });
  const issueSession = () => {
    const refreshToken = newRefreshToken(current, current.clientId);
    const { accessToken } = issueTokens(current, now(), deps.tokenTtlSeconds, current.clientId, refreshToken);
    persist();
    return {
      accessToken,
      refreshToken,
      instanceUrlPath: basePath,
      clientId: current.clientId,
      clientSecret: current.clientSecret,
    };
  };
  const stats = () => ({ requests: counters.requests, writes: counters.writes, ...usage() });
  const usage = () => {
    const { used, limit } = control.apiUsage();
    return { apiUsage: used, apiLimit: limit };
  };

  const app = new Hono();
  app.onError((err, _c) => {
    if (err instanceof SfError) return sfJson(err.body(), err.status);
    // Mirrors Salesforce's opaque 500s, with our message so a sandbox bug is visible.
    return sfJson(
      [{ errorCode: 'UNKNOWN_EXCEPTION', message: `Sandbox internal error: ${err.message}` }],
      500,
    );
  });
  app.route('/_control', createControlRoutes(control, stats, issueSession));
  app.route('/services/data', createDataApi(deps));
  app.route('/', createOauthRoutes(deps));
  app.route('/', createRecordPages(deps));
  return { app, issueSession, control, stats, close: persist };
}
