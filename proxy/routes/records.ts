/** @module GET /records/lookup: a record seen from either side — its link, open errors and history. */

import { Hono } from 'hono';
import { lookupQuerySchema, type RecordLookupAnswer } from '../../shared/api/control';
import { CRM_TYPES, isCrmType } from '../../shared/crm-types';
import { toId18 } from '../../shared/salesforce-id';
import { badRequest } from '../http/api-http-error';
import { parseInput } from '../http/validation';
import type { ApiDeps } from './api-deps';
import { crmRecordUrl, sfRecordUrl, stepContext, toErrorItem } from './error-item';
import { withHistoryRecords } from './history-records';
import { requireSync } from './running-sync';

export function createRecordRoutes(deps: ApiDeps) {
  return new Hono().get('/records/lookup', async (c) => {
    const q = parseInput(lookupQuerySchema, c.req.query(), 'query');
    let id = q.id;
    if (q.system === 'salesforce') {
      const id18 = toId18(q.id);
      if (!id18) throw badRequest(`Invalid query: "id" ${q.id} is not a 15- or 18-character Salesforce id.`);
      id = id18;
    } else if (!isCrmType(q.objectType)) {
      throw badRequest(`Invalid query: "objectType" must be one of: ${CRM_TYPES.join(', ')} for HubSpot.`);
    } else if (!/^\d+$/.test(q.id)) {
      throw badRequest(`Invalid query: "id" ${q.id} is not a HubSpot record id (digits only).`);
    }
    const { store, links, engine } = requireSync(deps);
    const found = await store.recordLookup(q.system, q.objectType, id);
    const labels = await engine.propertyLabels();
    const link = found.link;
    const firstError = found.openErrors[0];
    const crmType = link?.crmType ?? firstError?.crmType ?? (q.system === 'hubspot' ? q.objectType : null);
    const crmId = link?.crmId ?? firstError?.crmId ?? (q.system === 'hubspot' ? id : null);
    const sfObject =
      link?.sfObject ?? firstError?.sfObject ?? (q.system === 'salesforce' ? q.objectType : null);
    const sfId = link?.sfId ?? firstError?.sfId ?? (q.system === 'salesforce' ? id : null);
    const answer: RecordLookupAnswer = {
      system: q.system,
      objectType: q.objectType,
      id,
      synced: found.synced,
      known: Boolean(link) || found.openErrors.length > 0 || found.history.length > 0,
      crm:
        crmType && crmId && !crmId.startsWith('sf:')
          ? {
              objectType: crmType,
              id: crmId,
              name: link?.name ?? firstError?.recordName ?? null,
              url: crmRecordUrl(links, crmType, crmId),
            }
          : null,
      salesforce: sfObject ? { object: sfObject, id: sfId, url: sfRecordUrl(links, sfObject, sfId) } : null,
      lastSyncedAt: link?.syncedAt ?? null,
      openErrors: found.openErrors.map((row) =>
        toErrorItem(row, links, undefined, stepContext(engine.mappings(), labels)),
      ),
      history: await withHistoryRecords(found.history, store, links, crmType),
    };
    return c.json(answer);
  });
}
