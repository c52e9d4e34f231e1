/** @module The embedded HubSpot portal: a Hono sub-app speaking the CRM v3/v4 paths the connector uses. */
import { randomBytes } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { requireControlToken } from '../../http/guards';
import { limitBody, SANDBOX_BODY_LIMIT } from '../../http/limits';
import { freshPortalProperties, type SandboxVariant, seedOverlappingPortal } from '../fresh-org';
import { createAssociationsRoutes } from './associations-routes';
import { createControlRoutes, type PortalControl } from './control-routes';
import { seedDemoPortal } from './demo-seed';
import { createListsRoutes } from './lists-routes';
import { createObjectsRoutes } from './objects-routes';
import { PortalError } from './portal-error';
import { loadPortalState, savePortalState } from './portal-persistence';
import type { PortalDeps } from './portal-store';
import { createPortalStore, emptyState, type PortalState } from './portal-store';
import { createPropertiesRoutes } from './properties-routes';
import { createRateLimiter } from './rate-limiter';
import { createRecordPages } from './record-pages';
import { createTokenInfoRoutes } from './token-info-routes';

export type { PortalControl } from './control-routes';

export interface HubspotSandboxOptions {
  /** Where the parent mounts the app, e.g. '/sandbox/hubspot'; used in links of the HTML pages. */
  basePath: string;
  /** Folder the portal's state is kept in (one JSON file); in memory when absent. */
  dataDir?: string;
  now?: () => number;
  /** Plant the demo data of proxy/sandbox/DEMO.md in a new portal (default true). */
  seed?: boolean;
  /** Most associations one record may hold to one object type (default 1000). */
  associationLimit?: number;
  /** Bearer token `/_control` requires (the proxy passes its pairing token); random when absent. */
  controlToken?: string;
  /** 'demo' (default), or a fresh portal without `salesforce_id` and with data overlapping the fresh org. */
  variant?: SandboxVariant;
}

export interface HubspotSandbox {
  app: Hono;
  accessToken: string;
  portalId: string;
  control: PortalControl;
  /** What `/_control` requires as `Authorization: Bearer <token>`. */
  controlToken: string;
  stats(): { requests: number; writes: number };
  close(): void;
}

export const SANDBOX_PORTAL_ID = '4815162';

/**
 * @example
 * const hubspot = createHubspotSandbox({ basePath: '/sandbox/hubspot', dataDir });
 * parent.route('/sandbox/hubspot', hubspot.app);
 */
export function createHubspotSandbox(options: HubspotSandboxOptions): HubspotSandbox {
  const basePath = options.basePath.replace(/\/$/, '');
  const now = options.now ?? Date.now;
  const variant = options.variant ?? 'demo';
  const empty = (accessToken: string): PortalState => {
    const state = emptyState(accessToken);
    if (variant !== 'demo')
      state.properties = freshPortalProperties({ syncFields: variant === 'fresh-with-fields' });
    return state;
  };
  let current: PortalState =
    (options.dataDir && loadPortalState(options.dataDir)) ||
    empty(`pat-na1-${randomBytes(18).toString('hex')}`);
  const store = createPortalStore(() => current, now);
  const deps: PortalDeps = {
    store,
    state: () => current,
    now,
    portalId: SANDBOX_PORTAL_ID,
    basePath,
    associationLimit: options.associationLimit ?? 1000,
  };
  const persist = () => {
    if (options.dataDir) savePortalState(options.dataDir, current);
  };
  const seed = () => {
    if (options.seed === false) return;
    if (variant === 'demo') seedDemoPortal(deps);
    else seedOverlappingPortal(deps);
  };
  if (Object.values(current.records).every((t) => Object.keys(t).length === 0)) {
    seed();
    persist();
  }

  const limiter = createRateLimiter();
  /** API requests that may change records (every non-GET but the reads HubSpot serves on POST). */
  let writes = 0;
  const stats = () => ({ requests: limiter.requests(), writes });
  const control = createControlRoutes(deps, {
    reset() {
      current = empty(current.accessToken);
      limiter.reset();
      seed();
    },
    rateLimitNext: limiter.rateLimitNext,
    stats,
    rotateToken() {
      current = { ...current, accessToken: `pat-na1-${randomBytes(18).toString('hex')}` };
      return current.accessToken;
    },
    persist,
  });

  // Auth, metering and rate limits apply to API paths only, not to record pages or _control.
  const guard: MiddlewareHandler = async (c, next) => {
    limiter.count();
    if (c.req.method !== 'GET' && !/\/(search|batch\/read)$/.test(c.req.path)) writes++;
    const auth = c.req.header('authorization');
    if (!auth?.startsWith('Bearer ')) {
      throw new PortalError(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. Send the private app access token as "Authorization: Bearer <token>".',
      );
    }
    if (auth.slice(7).trim() !== current.accessToken) {
      throw new PortalError(
        401,
        'INVALID_AUTHENTICATION',
        `The access token is not valid for portal ${SANDBOX_PORTAL_ID}; use the token the sandbox printed at start.`,
      );
    }
    const limited = limiter.take(c);
    if (limited) return limited;
    await next();
    limiter.setHeaders(c);
    if (c.req.method !== 'GET' && c.res.status < 400) persist();
  };
  const api = new Hono()
    .use('/crm/*', guard)
    .use('/account-info/*', guard)
    .route('/crm/v3/objects', createObjectsRoutes(deps))
    .route('/crm/v3/lists', createListsRoutes(deps))
    .route('/crm/v3/properties', createPropertiesRoutes(deps))
    .route('/crm/v4', createAssociationsRoutes(deps))
    .get('/account-info/v3/details', (c) =>
      c.json({
        portalId: Number(SANDBOX_PORTAL_ID),
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: 'USD',
        additionalCurrencies: [],
        utcOffset: '-05:00',
        utcOffsetMilliseconds: -18_000_000,
        uiDomain: `${c.req.header('host') ?? '127.0.0.1'}${basePath}`,
        dataHostingLocation: 'na1',
      }),
    );

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof PortalError) return c.json(err.body(), err.status as 400);
    const body = new PortalError(
      500,
      'INTERNAL_ERROR',
      `Internal error in the sandbox portal: ${err.message}`,
    ).body();
    return c.json(body, 500);
  });
  app.use('*', limitBody(SANDBOX_BODY_LIMIT));
  const controlToken = options.controlToken ?? randomBytes(32).toString('base64url');
  app.use('/_control/*', requireControlToken(controlToken));
  app.route('/_control', control.routes);
  app.route('/', createRecordPages(deps));
  app.route(
    '/',
    createTokenInfoRoutes({ accessToken: () => current.accessToken, portalId: SANDBOX_PORTAL_ID }),
  );
  app.route('/', api);
  // A catch-all route, not notFound(): a parent app's notFound would win once this app is mounted.
  app.all('*', (c) => {
    const message = `No ${c.req.method} ${c.req.path} in this portal; see proxy/crm/hubspot/README.md for the paths served`;
    return c.json(new PortalError(404, 'OBJECT_NOT_FOUND', message).body(), 404);
  });

  return {
    app,
    get accessToken() {
      return current.accessToken;
    },
    portalId: SANDBOX_PORTAL_ID,
    control: control.api,
    controlToken,
    stats,
    close: persist,
  };
}
