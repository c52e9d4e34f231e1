/** @module The proxy's HTTP surface: the health API under /api/v1 and the embedded sandboxes. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ReplicaStatus, StoreIdentity } from '../shared/api/status';
import { apiError } from '../shared/api-error';
import { ApiHttpError } from './http/api-http-error';
import { refuseWebOrigins, requireLoopbackHost } from './http/guards';
import { API_BODY_LIMIT, limitBody, limitRequestLine, OAUTH_BODY_LIMIT } from './http/limits';
import { apiSecurityHeaders } from './http/security-headers';
import { callerOf, refuseViewerChanges, requireCaller } from './http/team-auth';
import { createPairPage } from './http/team-pair-page';
import { createSessionRoutes } from './routes/session';
import { createStatusRoutes } from './routes/status';
import type { TeamDirectory } from './store/users';

export interface AppDeps {
  version: string;
  pairingToken: string;
  /** The port the server listens on (known after listen when started on port 0). */
  port: () => number;
  /** Sub-apps of the embedded sandboxes, mounted at their base paths (sandbox mode only). */
  sandboxes?: { basePath: string; app: Hono }[];
  /** Which accounts the sync runs on. */
  mode?: () => 'sandbox' | 'connected';
  /** Whose store is shown (GET /status). */
  identity?: () => StoreIdentity | null;
  /** Which replica runs the sync (GET /status; several replicas of `serve --database`). */
  replica?: () => Promise<ReplicaStatus | null> | ReplicaStatus | null;
  /** Extra /api/v1 routes (the health API), mounted behind the pairing token. */
  apiRoutes?: (api: Hono) => void;
  /** Routes outside /api/v1 with their own protection (the OAuth callback, guarded by its one-time state). */
  publicRoutes?: (app: Hono) => void;
  /** Shared server (`sync-health serve`): the people whose personal tokens are accepted instead of the pairing token. */
  team?: TeamDirectory;
  /** Host names the shared server answers to besides loopback (`name` or `name:port`, lower case). */
  publicHosts?: readonly string[];
  /** The shared server's public address (`--public-url`), shown on its /pair page. */
  publicUrl?: string;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use('*', requireLoopbackHost(deps.port, deps.publicHosts));
  app.use('*', limitRequestLine());

  const api = new Hono();
  api.use('*', apiSecurityHeaders());
  api.use('*', refuseWebOrigins());
  api.route(
    '/',
    createStatusRoutes(
      deps.version,
      () => deps.identity?.() ?? null,
      () => deps.replica?.() ?? null,
      async (authorization) =>
        await callerOf({ pairingToken: deps.pairingToken, team: deps.team }, authorization),
    ),
  );
  api.use('*', requireCaller({ pairingToken: deps.pairingToken, team: deps.team }));
  api.use('*', refuseViewerChanges());
  // After the token: a caller without it never has its body read at all.
  api.use('*', limitBody(API_BODY_LIMIT));
  api.route('/', createSessionRoutes({ version: deps.version, mode: () => deps.mode?.() ?? 'sandbox' }));
  deps.apiRoutes?.(api);
  app.route('/api/v1', api);
  app.use('/oauth/*', limitBody(OAUTH_BODY_LIMIT));
  deps.publicRoutes?.(app);
  // Where an invite link lands in a browser (shared server only: the local proxy has no invites).
  if (deps.team) app.route('/pair', createPairPage({ publicUrl: deps.publicUrl }));

  for (const sandbox of deps.sandboxes ?? []) {
    app.use(`${sandbox.basePath}/*`, refuseWebOrigins({ allowSameOrigin: true }));
    app.route(sandbox.basePath, sandbox.app);
  }

  app.notFound((c) => c.json(apiError('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError((err, c) => {
    if (err instanceof ApiHttpError) return c.json(apiError(err.code, err.message), err.status);
    if (err instanceof HTTPException) {
      const code = err.status === 401 ? 'unauthorized' : err.status === 404 ? 'not_found' : 'bad_request';
      return c.json(apiError(code, err.message || 'Bad request.'), err.status);
    }
    console.error('[sync-health] unhandled error:', err instanceof Error ? err.message : err);
    return c.json(apiError('internal', 'The proxy hit an internal error; see its console.'), 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
