/** @module The embedded Salesforce org: a Hono sub-app that jsforce talks to unchanged, mountable under any path. */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { requireControlToken } from '../../http/guards';
import { limitBody, SANDBOX_BODY_LIMIT } from '../../http/limits';
import {
  freshOrgDefinition,
  type SandboxVariant,
  seedFreshUsers,
  seedOverlappingSalesforce,
} from '../fresh-org';
import { createChangeEventsControl } from './change-events-control';
import { createCometdRoutes } from './cometd-routes';
import { createControl, type SalesforceSandboxControl } from './control';
import { createControlRoutes } from './control-routes';
import { createDataApi } from './data-api';
import { demoOrgDefinition } from './demo-org';
import { seedDemoOrg } from './demo-seed';
import { createFaultQueue } from './faults';
import { createMetadataApi } from './metadata-api';
import { createOauthRoutes } from './oauth-routes';
import { emptyState, loadOrgState, type OrgState, saveOrgState } from './org-state';
import { createRecordPages } from './record-pages';
import type { SandboxDeps } from './sandbox-deps';
import { issueTokens, newRefreshToken } from './sessions';
import { ensureSetupObjects } from './setup-metadata';
import { sfErrorResponse } from './sf-format';
import { createStreamingTraffic, type StreamingMessage } from './streaming-traffic';

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
  /** Load the org's data (default true). */
  seed?: boolean;
  /** Bearer token `/_control` requires (the proxy passes its pairing token); random when absent. */
  controlToken?: string;
  /**
   * 'demo' (default): the org of DEMO.md. 'fresh': an admin's org on day one — no sync fields, the same
   * people and companies as the fresh portal, unlinked (proxy/sandbox/fresh-org.ts). 'fresh-with-fields':
   * the same data with the sync's fields already created.
   */
  variant?: SandboxVariant;
  /** How long a CometD /meta/connect is held open without events (Salesforce: 110 s; tests use less). */
  cometdConnectTimeoutMs?: number;
  /** The largest Bulk API 2.0 upload accepted (default 150 MB, as on the platform). */
  bulkUploadLimitBytes?: number;
  /** Records Bulk API 2.0 ingest accepts per rolling 24 hours (default 150,000,000, as on the platform). */
  bulkRecordsPerDay?: number;
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
  /** What `/_control` requires as `Authorization: Bearer <token>`. */
  controlToken: string;
  /** requests = every HTTP request served under /services/data/** (its own counter, independent of the proxy); queries = its SOQL calls. */
  stats(): {
    requests: number;
    writes: number;
    queries: number;
    /** Requests counted against the daily limit since start (never pruned, unlike the rolling apiUsage). */
    charged: number;
    apiUsage: number;
    apiLimit: number;
  };
  /** The requests served under /services/data/** (at most the last 2,000), as `METHOD path`: where the calls went. */
  requestLog(): string[];
  /** The Streaming API (CometD) messages received, oldest first, by channel and client. */
  streamingMessages(): StreamingMessage[];
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
  const variant = options.variant ?? 'demo';
  const fresh = (): OrgState => {
    const definition =
      variant === 'demo'
        ? demoOrgDefinition()
        : freshOrgDefinition({ syncFields: variant === 'fresh-with-fields' });
    const state = emptyState(definition, options.dailyApiLimit ?? DEFAULT_LIMIT);
    if (options.seed === false) return state;
    if (variant === 'demo') seedDemoOrg(state, now());
    else {
      seedFreshUsers(state, now());
      seedOverlappingSalesforce(state, now());
    }
    return state;
  };
  let current = (options.dataDir && loadOrgState(options.dataDir)) || fresh();
  ensureSetupObjects(current);
  if (options.dailyApiLimit !== undefined) current.dailyApiLimit = options.dailyApiLimit;
  const persist = () => {
    if (options.dataDir) saveOrgState(options.dataDir, current);
  };
  persist();

  const faults = createFaultQueue();
  const streaming = createStreamingTraffic();
  const counters = { requests: 0, writes: 0, queries: 0, charged: 0 };
  const requestLog: string[] = [];
  const deps: SandboxDeps = {
    state: () => current,
    now,
    basePath,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 2 * 60 * 60,
    faults,
    streaming,
    persist,
    counters,
    requestLog,
    bulkUploadLimitBytes: options.bulkUploadLimitBytes,
    bulkRecordsPerDay: options.bulkRecordsPerDay,
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
      ensureSetupObjects(current);
      Object.assign(current, { clientSecret, sessions, refreshTokens });
      faults.clear();
      streaming.clear();
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
  const stats = () => ({ ...counters, ...usage() });
  const usage = () => {
    const { used, limit } = control.apiUsage();
    return { apiUsage: used, apiLimit: limit };
  };

  const app = new Hono();
  app.onError(sfErrorResponse);
  const bodyLimit = limitBody(SANDBOX_BODY_LIMIT);
  // A Bulk API 2.0 upload may carry up to 150 MB; its route reads it as a stream and enforces that.
  app.use('*', (c, next) =>
    c.req.method === 'PUT' && /\/jobs\/ingest\/[^/]+\/batches$/.test(c.req.path)
      ? next()
      : bodyLimit(c, next),
  );
  const controlToken = options.controlToken ?? randomBytes(32).toString('base64url');
  app.use('/_control/*', requireControlToken(controlToken));
  app.route('/_control/change-events', createChangeEventsControl(deps));
  app.route('/_control', createControlRoutes(control, stats, issueSession));
  app.route('/services/data', createDataApi(deps));
  app.route('/cometd', createCometdRoutes(deps, { connectTimeoutMs: options.cometdConnectTimeoutMs }));
  app.route('/services/Soap/m', createMetadataApi(deps));
  app.route('/', createOauthRoutes(deps));
  app.route('/', createRecordPages(deps));
  return {
    app,
    issueSession,
    control,
    controlToken,
    stats,
    requestLog: () => [...requestLog],
    streamingMessages: () => [...streaming.messages],
    close: persist,
  };
}
