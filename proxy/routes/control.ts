/** @module The control routes: settings, notifications, record lookup, usage history, events, sync. */
import { Hono } from 'hono';
import type { ApiDeps } from './api-deps';
import { createEventHub } from './event-hub';
import { createEventRoutes } from './events';
import { createRecordRoutes } from './records';
import { createSettingsRoutes } from './settings';
import { createSyncRoutes } from './sync';

export function createControlRoutes(deps: ApiDeps) {
  const hub = createEventHub(deps.sync, deps.now);
  return new Hono()
    .route('/', createSettingsRoutes(deps))
    .route('/', createRecordRoutes(deps))
    .route('/', createSyncRoutes(deps))
    .route('/', createEventRoutes(deps, hub, { heartbeatMs: deps.heartbeatMs }));
}
