/** @module The error routes: list, detail, groups, CSV export, CRM views, resync and its jobs. */
import { Hono } from 'hono';
import type { ApiDeps } from './api-deps';

export function createErrorRoutes(_deps: ApiDeps) {
  return new Hono();
}
