/** @module POST /views: a static list in the CRM holding exactly the records behind a category or some errors. */
import { Hono } from 'hono';
import { type CreatedView, viewBodySchema } from '../../shared/api/errors';
import { CATEGORY_INFO } from '../../shared/taxonomy';
import { CrmApiError, type CrmConnector } from '../crm/types';
import { ApiHttpError } from '../http/api-http-error';
import { parseInput, readJson } from '../http/validation';
import type { Store } from '../store/index';
import type { CrmType } from '../store/types';
import type { ApiDeps } from './api-deps';
import { requireSync } from './running-sync';

type RecordGroups = { crmType: CrmType; crmIds: string[] }[];

/**
 * The records behind chosen errors, as GET /errors/:id lists them: an associations error brings every
 * record its blocking record holds back, so the list matches the "N records" the table showed.
 */
async function recordsOfErrors(store: Store, errorIds: string[]): Promise<RecordGroups> {
  const found: { id: string; detail: Awaited<ReturnType<Store['getError']>> }[] = [];
  for (const id of errorIds) found.push({ id, detail: await store.getError(id) });
  const unknown = found.filter((f) => f.detail?.error.status !== 'open').map((f) => `"${f.id}"`);
  if (unknown.length)
    throw new ApiHttpError(
      404,
      'not_found',
      `No open error with id ${unknown.join(', ')}: reload the list and choose again.`,
    );
  const byType = new Map<CrmType, Set<string>>();
  for (const { detail } of found)
    for (const a of detail?.affected ?? [])
      byType.set(a.crmType, (byType.get(a.crmType) ?? new Set()).add(a.crmId));
  return [...byType].map(([crmType, ids]) => ({ crmType, crmIds: [...ids] }));
}

const MAX_NAME_TRIES = 20;

/** HubSpot refuses a second list with the same name (case-insensitive). */
const nameTaken = (err: unknown) =>
  err instanceof CrmApiError &&
  err.status === 400 &&
  (/ALREADY_EXISTS|DUPLICATE/.test(err.subCategory ?? '') || /already exists/i.test(err.message));

/**
 * Creates the list under `base`, or `base #2`, `#3`… when a list of that name exists (a view made
 * twice in the same second, or a name a user gave a list by hand).
 */
async function createUniqueList(crm: CrmConnector, base: string, type: CrmType, ids: string[]) {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} #${n}`;
    try {
      return { created: await crm.createList(name, type, ids), name };
    } catch (err) {
      if (!nameTaken(err) || n >= MAX_NAME_TRIES) throw err;
    }
  }
}

export function createViewRoutes(deps: ApiDeps) {
  return new Hono().post('/views', async (c) => {
    const body = parseInput(viewBodySchema, await readJson(c.req), 'body');
    const { store, crm } = requireSync(deps);
    const records: RecordGroups =
      'category' in body
        ? await store.affectedRecords(body.category)
        : await recordsOfErrors(store, body.errorIds);
    // Records created in Salesforce and refused by the CRM (`sf:<id>`) have no CRM record to list.
    const groups = records
      .map((g) => ({ ...g, crmIds: g.crmIds.filter((id) => !id.startsWith('sf:')) }))
      .filter((g) => g.crmIds.length);
    if (!groups.length)
      throw new ApiHttpError(
        409,
        'conflict',
        'No CRM records are behind these errors, so there is nothing to list.',
      );
    const what = 'category' in body ? `${CATEGORY_INFO[body.category].label} errors` : 'selected errors';
    const stamp = new Date((deps.now ?? Date.now)()).toISOString().slice(0, 19).replace('T', ' ');
    const lists: CreatedView['lists'] = [];
    try {
      for (const g of groups) {
        const base = `Sync Health: ${what} (${g.crmType}, ${stamp} UTC)`;
        const { created, name } = await createUniqueList(crm, base, g.crmType, g.crmIds);
        lists.push({
          listId: created.id,
          name,
          objectType: g.crmType,
          url: created.url,
          size: g.crmIds.length,
        });
      }
    } catch (err) {
      if (!(err instanceof CrmApiError)) throw err;
      throw new ApiHttpError(502, 'upstream', `HubSpot refused the list: ${err.message}`, { cause: err });
    }
    const first = lists[0]!;
    const answer: CreatedView = {
      listId: first.listId,
      url: first.url,
      name: first.name,
      size: lists.reduce((n, l) => n + l.size, 0),
      lists,
    };
    return c.json(answer, 201);
  });
}
