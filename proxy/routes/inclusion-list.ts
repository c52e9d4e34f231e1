/** @module GET/PUT /settings/inclusion-list: choose the HubSpot list whose contacts alone sync (or none). */
import { Hono } from 'hono';
import {
  type InclusionListAnswer,
  type InclusionListChoice,
  inclusionListBodySchema,
} from '../../shared/api/inclusion-list';
import type { CrmList } from '../crm/types';
import { badRequest } from '../http/api-http-error';
import { parseInput, readJson } from '../http/validation';
import { INCLUSION_SUSPENSION } from '../sync/inclusion-list';
import type { ApiDeps, RunningSync } from './api-deps';
import { requireSync } from './running-sync';

const count = new Intl.NumberFormat('en-US');
const choice = (l: CrmList): InclusionListChoice => ({
  id: l.id,
  name: l.name,
  size: l.size,
  processingType: l.processingType,
});
const records = (n: number) => `${count.format(n)} ${n === 1 ? 'contact' : 'contacts'}`;

async function answer(sync: RunningSync): Promise<InclusionListAnswer> {
  const listId = (await sync.store.recordRules()).inclusionListId;
  const all = await sync.crm.searchLists();
  const lists = all.filter((l) => l.objectType === 'contacts').map(choice);
  if (!listId) return { selected: null, lists, message: 'Every HubSpot contact syncs to Salesforce.' };
  const found = lists.find((l) => l.id === listId);
  if (!found) {
    const kept = await sync.store.cursor('inclusion_list');
    const name = kept?.listId === listId ? kept.name : `list ${listId}`;
    return {
      selected: { id: listId, name, size: 0, processingType: 'MANUAL', missing: true },
      lists,
      message: `The list "${name}" no longer exists in HubSpot, so the sync is held: choose another list or "All contacts".`,
    };
  }
  return {
    selected: found,
    lists,
    message: `Only the ${records(found.size)} in the HubSpot list "${found.name}" sync to Salesforce. Contacts that leave it stop syncing; nothing is deleted in Salesforce.`,
  };
}

export function createInclusionListRoutes(deps: ApiDeps) {
  return new Hono()
    .get('/settings/inclusion-list', async (c) => c.json(await answer(requireSync(deps))))
    .put('/settings/inclusion-list', async (c) => {
      const { listId } = parseInput(inclusionListBodySchema, await readJson(c.req), 'body');
      const sync = requireSync(deps);
      if (listId) {
        const list = await sync.crm.list(listId);
        if (!list) {
          const lists = (await sync.crm.searchLists()).filter((l) => l.objectType === 'contacts');
          throw badRequest(
            `Invalid body: "listId" ${listId} is not a list in this HubSpot portal; choose one of: ${
              lists.map((l) => `${l.id} (${l.name})`).join(', ') ||
              'none (create a list of contacts in HubSpot first)'
            }.`,
          );
        }
        if (list.objectType !== 'contacts')
          throw badRequest(
            `Invalid body: the list "${list.name}" holds ${list.objectType ?? 'other records'}, not contacts; choose a list of contacts.`,
          );
      }
      await sync.store.setRecordRules({ inclusionListId: listId });
      // A sync held because the previous list vanished runs again with the new choice.
      await sync.engine.clearSuspension(INCLUSION_SUSPENSION);
      sync.engine.events.emit('counts');
      return c.json(await answer(sync));
    });
}
