/** @module The error routes: list, groups, detail and CSV export; views and resync live in their own files. */
import { Hono } from 'hono';
import {
  type ErrorDetail,
  type ErrorsPage,
  errorsQuerySchema,
  exportQuerySchema,
  groupsQuerySchema,
} from '../../shared/api/errors';
import { describeRootCause, rootCauseLabel } from '../../shared/taxonomy';
import { badRequest, notFound } from '../http/api-http-error';
import { parseInput } from '../http/validation';
import { decodePageCursor, type ErrorOrder } from '../store/health-queries';
import type { ApiDeps } from './api-deps';
import { crmRecordUrl, stepContext, toErrorItem } from './error-item';
import { exportResponse } from './errors-export';
import { withHistoryRecords } from './history-records';
import { createResyncRoutes } from './resync';
import { requireSync } from './running-sync';
import { createViewRoutes } from './views';

/** A cursor this API did not issue is the caller's mistake (400), not the store's (500). */
function checkCursor(cursor: string, sort: ErrorOrder): void {
  try {
    decodePageCursor(cursor, sort);
  } catch (err) {
    throw badRequest(`${err instanceof Error ? err.message : String(err)} (the "cursor" query field).`);
  }
}

export function createErrorRoutes(deps: ApiDeps) {
  return new Hono()
    .get('/errors', async (c) => {
      const {
        cursor,
        limit,
        sort = 'last-attempt',
        ...filter
      } = parseInput(errorsQuerySchema, c.req.query(), 'query');
      const { store, links, engine } = requireSync(deps);
      if (cursor) checkCursor(cursor, sort);
      const page = await store.listErrors(filter, { cursor, limit, sort });
      const affected = await store.affectedCounter();
      const context = stepContext(engine.mappings(), await engine.propertyLabels());
      const items: ErrorsPage['items'] = [];
      for (const row of page.items) items.push(toErrorItem(row, links, await affected(row), context));
      const body: ErrorsPage = {
        items,
        nextCursor: page.nextCursor,
        // The table's caption under a filter ("12 errors on Leads · 40 in all"): once, with the first page.
        ...(cursor ? {} : { total: await store.countErrors(filter) }),
        links,
      };
      return c.json(body);
    })
    .get('/errors/groups', async (c) => {
      const { category } = parseInput(groupsQuerySchema, c.req.query(), 'query');
      const { store } = requireSync(deps);
      const groups = (await store.groups({ category })).map((g) => ({
        rootCauseKey: g.rootCauseKey,
        category: g.category,
        label: rootCauseLabel(g.rootCauseKey),
        sentence: describeRootCause(g.rootCauseKey, g.errors),
        errors: g.errors,
        records: g.records,
        field: g.field,
        value: g.value,
        rule: g.rule,
      }));
      return c.json({ groups });
    })
    .get('/errors/export', async (c) => {
      const filter = parseInput(exportQuerySchema, c.req.query(), 'query');
      const { store, links, engine } = requireSync(deps);
      return exportResponse(
        store,
        links,
        stepContext(engine.mappings(), await engine.propertyLabels()),
        filter,
        (deps.now ?? Date.now)(),
      );
    })
    .get('/errors/:id', async (c) => {
      const id = c.req.param('id');
      const { store, links, engine } = requireSync(deps);
      const found = /^\d{1,15}$/.test(id) ? await store.getError(id) : null;
      if (!found) throw notFound(`No error with id "${id}". Ids come from GET /errors.`);
      const body: ErrorDetail = {
        error: toErrorItem(
          found.error,
          links,
          found.affected.length,
          stepContext(engine.mappings(), await engine.propertyLabels()),
        ),
        affected: found.affected.map((a) => ({ ...a, crmUrl: crmRecordUrl(links, a.crmType, a.crmId) })),
        history: await withHistoryRecords(found.history, store, links, found.error.crmType),
      };
      return c.json(body);
    })
    .route('/', createResyncRoutes(deps))
    .route('/', createViewRoutes(deps));
}
