/** @module Mounts every health-API resource under /api/v1 (behind the pairing token, see proxy/app.ts). */
import type { Hono } from 'hono';
import type { ApiDeps } from './api-deps';
import { createControlRoutes } from './control';
import { createErrorRoutes } from './errors';
import { createHealthRoutes } from './health';
import { createInclusionListRoutes } from './inclusion-list';
import { createMappingRoutes } from './mappings';
import { createSetupRoutes } from './setup';

export function mountApiRoutes(api: Hono, deps: ApiDeps): void {
  api.route('/', createHealthRoutes(deps.sync, deps.now));
  api.route('/', createErrorRoutes(deps));
  api.route('/', createControlRoutes(deps));
  api.route('/', createMappingRoutes(deps));
  api.route('/', createSetupRoutes(deps));
  api.route('/', createInclusionListRoutes(deps));
}
