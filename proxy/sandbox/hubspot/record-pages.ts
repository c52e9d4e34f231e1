/** @module Readable HTML record and list pages at the real app's path shape, for the extension to run on. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { CrmObjectType } from '../../crm/types';
import { associatedIds } from './associations-routes';
import { currentMembers } from './list-membership';
import { OBJECT_TYPE_IDS, objectTypeOf } from './portal-io';
import type { PortalDeps } from './portal-store';
import { OBJECT_TYPES, type StoredRecord } from './portal-store';

const SINGULAR: Record<CrmObjectType, string> = { contacts: 'Contact', companies: 'Company', deals: 'Deal' };

function titleOf(type: CrmObjectType, r: StoredRecord): string {
  const p = r.properties;
  if (type === 'contacts')
    return [p.firstname, p.lastname].filter(Boolean).join(' ') || p.email || `Contact ${r.id}`;
  if (type === 'companies') return p.name ?? `Company ${r.id}`;
  return p.dealname ?? `Deal ${r.id}`;
}

export function createRecordPages(deps: PortalDeps) {
  const { store, state, portalId, basePath } = deps;
  const recordHref = (type: CrmObjectType, id: string) =>
    `${basePath}/contacts/${portalId}/record/${OBJECT_TYPE_IDS[type]}/${id}`;
  const page = (title: string, body: unknown) =>
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | HubSpot sandbox portal ${portalId}</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:60rem}th{text-align:left;padding-right:1rem}
td,th{border-bottom:1px solid #ddd;padding:.3rem}</style></head><body>${body}</body></html>`;
  const notFound = (what: string) =>
    page('Not found', html`<h1>Not found</h1><p>${what} does not exist in this portal.</p>`);

  return new Hono()
    .get('/contacts/:portalId/record/:typeId/:id', (c) => {
      if (c.req.param('portalId') !== portalId)
        return c.html(notFound(`Portal ${c.req.param('portalId')}`), 404);
      const type = objectTypeOf(c.req.param('typeId'));
      const record = store.get(type, c.req.param('id'));
      if (!record) return c.html(notFound(`${SINGULAR[type]} ${c.req.param('id')}`), 404);
      const rows = Object.entries(record.properties)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`);
      const links = OBJECT_TYPES.filter((t) => t !== type).map((to) => {
        const items = associatedIds(state(), type, record.id, to).map((id) => {
          const other = store.get(to, id);
          return html`<li><a href="${recordHref(to, id)}">${other ? titleOf(to, other) : id}</a></li>`;
        });
        return html`<h2>Associated ${to} (${items.length})</h2><ul>${items}</ul>`;
      });
      const body = html`<p>${SINGULAR[type]} · record ID <span data-record-id>${record.id}</span></p>
<h1 data-object-type="${OBJECT_TYPE_IDS[type]}">${titleOf(type, record)}</h1>
<table>${rows}</table>${links}`;
      return c.html(page(titleOf(type, record), body));
    })
    .get('/contacts/:portalId/objectLists/:listId', (c) => {
      const list = state().lists[c.req.param('listId')];
      if (c.req.param('portalId') !== portalId || !list)
        return c.html(notFound(`List ${c.req.param('listId')}`), 404);
      const type = objectTypeOf(list.objectTypeId);
      const members = currentMembers(store, list, deps.now());
      const items = members.map((id) => {
        const record = store.get(type, id);
        return html`<li><a href="${recordHref(type, id)}">${record ? titleOf(type, record) : `${id} (deleted)`}</a></li>`;
      });
      const body = html`<h1>${list.name}</h1><p>${list.processingType === 'DYNAMIC' ? 'Active' : 'Static'} list of ${type} · ${members.length} records</p><ul>${items}</ul>`;
      return c.html(page(list.name, body));
    });
}
