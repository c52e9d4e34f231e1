/** @module /services/data/**: faults, auth, API access, the rolling daily limit and Sforce-Limit-Info around every REST resource. */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { apiUsed, limitInfo, recordApiCalls } from './api-usage';
import { createBulk2Routes } from './bulk2-routes';
import { changeLog, deliveredToday, withChangeOrigin } from './change-events';
import { createCollectionsRoutes } from './collections-routes';
import { compositeScoped, createCompositeRoutes, isSubrequest } from './composite-routes';
import { createQueryRoutes } from './query-routes';
import { instanceUrl, type SandboxDeps } from './sandbox-deps';
import { authenticate } from './sessions';
import { applyPermissionSets } from './setup-metadata';
import { SfError, sfJson } from './sf-format';
import { createSobjectRoutes } from './sobject-routes';

/** Reads sent as POST: a collection retrieve (`POST composite/sobjects/{T}` with ids). */
const POST_READ = /\/composite\/sobjects\/[^/]+$/;

/** Whether a request may change records: any non-GET except the reads Salesforce serves on POST. */
export function isWriteRequest(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  // A composite counts its own subrequests that may write (composite-routes.ts).
  if (method === 'POST' && /\/composite$/.test(path)) return false;
  return !(method === 'POST' && POST_READ.test(path));
}

/** How many requests the org's request log keeps (enough for a bench's first sync, bounded for a long day). */
export const REQUEST_LOG_SIZE = 2000;

function logRequest(log: string[], method: string, path: string): void {
  const at = path.indexOf('/services/data/');
  const rest = at >= 0 ? path.slice(at + '/services/data/'.length).replace(/^v\d+\.\d\//, '') : path;
  log.push(`${method} ${rest}`);
  if (log.length > REQUEST_LOG_SIZE) log.splice(0, log.length - REQUEST_LOG_SIZE);
}

const VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0'];
const VERSION = /^v\d{2}\.\d$/;

export function createDataApi(unscoped: SandboxDeps): Hono {
  const deps = compositeScoped(unscoped);
  const app = new Hono();

  // Every request is counted and may meet an injected fault, the versions list included.
  app.use('*', async (c, next) => {
    if (isSubrequest(c.req.raw)) return next();
    deps.counters.requests++;
    logRequest(deps.requestLog, c.req.method, c.req.path);
    if (isWriteRequest(c.req.method, c.req.path)) deps.counters.writes++;
    if (c.req.method === 'GET' && /\/query(All)?(\/[^/]+)?\/?$/.test(c.req.path)) deps.counters.queries++;
    const fault = await deps.faults.apply(c);
    if (fault) return fault;
    await next();
  });

  // The versions list needs no session and carries no usage header: it does not count against the limit.
  app.get('/', (_c) =>
    sfJson(
      VERSIONS.map((v) => ({ label: `v${v}`, url: `${deps.basePath}/services/data/v${v}`, version: v })),
    ),
  );

  const metered: MiddlewareHandler = async (c, next) => {
    // A composite's subrequests ride on the composite's one call.
    if (isSubrequest(c.req.raw)) return next();
    if (!VERSION.test(c.req.param('version') ?? '')) {
      throw new SfError(
        404,
        'NOT_FOUND',
        `The requested resource does not exist: use a version like v62.0, not ${c.req.param('version')}`,
      );
    }
    const state = deps.state();
    const now = deps.now();
    authenticate(state, now, c.req.header('authorization'));
    if (!state.apiEnabled)
      throw new SfError(403, 'API_DISABLED_FOR_ORG', 'API is not enabled for this Organization or Partner');
    // Refused calls are not charged, so usage never climbs past the limit by being refused.
    if (apiUsed(state, now) >= state.dailyApiLimit) {
      return sfJson(new SfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.').body(), 403, {
        'Sforce-Limit-Info': limitInfo(state, now),
      });
    }
    recordApiCalls(state, now, 1);
    deps.counters.charged++;
    await withChangeOrigin(c.req.param('version') ?? '', c.req.header('sforce-call-options'), next);
    // A PermissionSetAssignment written (or deleted) changes what the integration user may see.
    if (c.req.method !== 'GET') applyPermissionSets(deps.state());
    c.res.headers.set('Sforce-Limit-Info', limitInfo(state, deps.now()));
    deps.persist();
  };

  const versioned = new Hono();
  versioned.use('*', metered);
  versioned.get('/', (c) => sfJson(resources(c, deps)));
  versioned.get('/limits', () => sfJson(limits(deps)));
  versioned.route('/', createSobjectRoutes(deps));
  versioned.route('/', createCollectionsRoutes(deps));
  versioned.route('/', createQueryRoutes(deps));
  versioned.route(
    '/',
    createCompositeRoutes(deps, () => app),
  );
  versioned.route('/', createBulk2Routes(deps));
  versioned.all('*', (c) => {
    throw new SfError(
      404,
      'NOT_FOUND',
      `The requested resource does not exist: ${c.req.method} ${c.req.path}`,
    );
  });
  app.route('/:version', versioned);
  return app;
}

function resources(c: Context, deps: SandboxDeps) {
  const base = `${deps.basePath}/services/data/${c.req.param('version')}`;
  const { org } = deps.state();
  return {
    identity: `${instanceUrl(c, deps.basePath)}/id/${org.orgId}/${org.integrationUserId}`,
    sobjects: `${base}/sobjects`,
    query: `${base}/query`,
    queryAll: `${base}/queryAll`,
    limits: `${base}/limits`,
    composite: `${base}/composite`,
  };
}

function limits(deps: SandboxDeps) {
  const state = deps.state();
  const used = apiUsed(state, deps.now());
  const fixed = (max: number) => ({ Max: max, Remaining: max });
  return {
    ConcurrentAsyncGetReportInstances: fixed(200),
    ConcurrentSyncReportRuns: fixed(20),
    DailyApiRequests: { Max: state.dailyApiLimit, Remaining: Math.max(0, state.dailyApiLimit - used) },
    DailyAsyncApexExecutions: fixed(250000),
    DailyBulkApiBatches: fixed(15000),
    // Change events delivered to CometD clients count here, not against DailyApiRequests.
    DailyDeliveredPlatformEvents: {
      Max: changeLog(state).deliveryAllocation,
      Remaining: Math.max(0, changeLog(state).deliveryAllocation - deliveredToday(state, deps.now())),
    },
    DailyBulkV2QueryFileStorageMB: fixed(976562),
    DailyBulkV2QueryJobs: fixed(10000),
    DailyStreamingApiEvents: fixed(10000),
    DataStorageMB: { Max: 5, Remaining: 5 },
    FileStorageMB: { Max: 20, Remaining: 20 },
    HourlyTimeBasedWorkflow: fixed(50),
    SingleEmail: fixed(15),
  };
}
