/** @module GET /events: the live health stream (server-sent events via hono/streaming), with heartbeats and resume. */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiDeps } from './api-deps';
import type { EventHub, NumberedEvent } from './event-hub';
import { requireSync } from './running-sync';

export function createEventRoutes(deps: ApiDeps, hub: EventHub, options: { heartbeatMs?: number } = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  return new Hono().get('/events', (c) => {
    requireSync(deps);
    const lastId = c.req.header('last-event-id');
    return streamSSE(c, async (stream) => {
      const pending: NumberedEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = hub.subscribe((e) => {
        pending.push(e);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      // Subscribe before replaying, so that nothing published in between is lost.
      const missed = lastId ? hub.since(lastId) : null;
      if (missed) pending.unshift(...missed.filter((e) => !pending.includes(e)));
      else {
        const snap = await hub.snapshot();
        if (snap && !pending.includes(snap)) pending.unshift(snap);
      }
      while (!stream.aborted) {
        while (pending.length) {
          const e = pending.shift()!;
          await stream.writeSSE({ id: e.id, event: e.event, data: e.data });
        }
        const beat = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (beat && !stream.aborted) await stream.write(': heartbeat\n\n');
      }
      unsubscribe();
    });
  });
}
