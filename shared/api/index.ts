/**
 * @module The proxy's /api/v1 contract: every route with its input and answer types. The proxy
 * validates with the zod schemas in the per-area files; the extension's client is typed from `ApiRoutes`
 * (type-only imports, so no schema code reaches the side panel bundle).
 */
import type { ConnectionsApi } from './connections';
import type { ControlApi } from './control';
import type { ErrorsApi } from './errors';
import type { HealthApi } from './health';
import type { InclusionListApi } from './inclusion-list';
import type { MappingsApi } from './mappings';
import type { PreviewApi } from './preview';
import type { RecordRulesApi } from './record-rules';
import type { SetupApi } from './setup';
import type { TeamApi } from './team';

export type ApiRoutes = HealthApi &
  ErrorsApi &
  ControlApi &
  MappingsApi &
  ConnectionsApi &
  SetupApi &
  PreviewApi &
  RecordRulesApi &
  TeamApi &
  InclusionListApi;
/** What a route takes: path params, query and body, each present only when the route has them. */
export interface RouteSpec {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  response: unknown;
}

export type RouteName = keyof ApiRoutes & string;
export type RouteInput<K extends RouteName> = Omit<ApiRoutes[K], 'response'>;
export type RouteResponse<K extends RouteName> = ApiRoutes[K]['response'];
