/** @module The control routes: settings, notifications, record lookup, usage history, events, sync. */
import { Hono } from 'hono';
import type { ApiDeps } from './api-deps';

export function createControlRoutes(_deps: ApiDeps) {
  return new Hono();
}
