/** @module Mounts every health-API resource under /api/v1 (behind the pairing token, see proxy/app.ts). */
import type { Hono } from 'hono';
import { recordActivity } from '../http/team-activity';
import { createActivityRoutes } from './activity';
import type { ApiDeps } from './api-deps';
import { createControlRoutes } from './control';
import { createErrorRoutes } from './errors';
import { createHealthRoutes } from './health';
import { createInclusionListRoutes } from './inclusion-list';
import { createMappingRoutes } from './mappings';
import { createSetupRoutes } from './setup';

export function mountApiRoutes(api: Hono, deps: ApiDeps): void {
  // First, so every change mounted after it (connections, team alerts too) is recorded with who made it.
  api.use('*', recordActivity(deps));
  api.route('/', createActivityRoutes(deps));
  api.route('/', createHealthRoutes(deps.sync, deps.now));
  api.route('/', createErrorRoutes(deps));
  api.route('/', createControlRoutes(deps));
  api.route('/', createMappingRoutes(deps));
  api.route('/', createSetupRoutes(deps));
  api.route('/', createInclusionListRoutes(deps));
}
