/** @module GET /activity: org-wide changes people made through the API, newest first, with who made them. */
import { Hono } from 'hono';
import { type ActivityItem, type ActivityPage, activityQuerySchema } from '../../shared/api/team';
import { parseInput } from '../http/validation';
import type { ApiDeps } from './api-deps';
import { requireSync } from './running-sync';

/** Who, for the person reading: an e-mail on a shared server; "you" on the local proxy (its one admin). */
function whoFor(actor: string | null, readerEmail: string | null): string {
  if (actor) return actor;
  return readerEmail === null ? 'you' : "the local proxy's admin";
}

export function createActivityRoutes(deps: ApiDeps) {
  return new Hono().get('/activity', async (c) => {
    const { before, limit = 50 } = parseInput(activityQuerySchema, c.req.query(), 'query');
    const page = await requireSync(deps).store.activityPage({ before, limit });
    const reader = c.get('caller')?.email ?? null;
    const items: ActivityItem[] = page.items.map((e) => ({
      id: e.id,
      at: new Date(e.at).toISOString(),
      actor: e.actor,
      who: whoFor(e.actor, reader),
      action: e.action,
      summary: e.summary,
    }));
    const answer: ActivityPage = { items, nextBefore: page.nextBefore };
    return c.json(answer);
  });
}
