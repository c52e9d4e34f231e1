/** @module Lightning-style record pages (`/lightning/r/{Object}/{Id}/view`) so the extension has Salesforce pages to run on locally. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { fieldPermission, findObject } from './org-definition';
import { canonicalId } from './record-ids';
import type { SandboxDeps } from './sandbox-deps';

const display = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function createRecordPages(deps: SandboxDeps): Hono {
  const app = new Hono();
  const notFound = (what: string) =>
    html`<!doctype html><html><head><title>Page not found</title></head><body><h1>Page not found</h1><p>${what}</p></body></html>`;

  app.get('/lightning/r/:object/:id/view', (c) => {
    const state = deps.state();
    const object = findObject(state.org, c.req.param('object'));
    const id = canonicalId(c.req.param('id'));
    const record = object && id ? state.records[object.name][id] : undefined;
    if (!object || !record)
      return c.html(notFound(`No ${c.req.param('object')} record ${c.req.param('id')} in this org.`), 404);
    const title = display(record.Name ?? record.Id);
    const fields = object.fields.filter((f) => fieldPermission(object, f).readable);
    return c.html(html`<!doctype html>
<html>
<head><meta charset="utf-8"><title>${title} | ${object.label} | Salesforce</title></head>
<body data-object="${object.name}" data-record-id="${record.Id}">
  <header><a href="${deps.basePath}/lightning/o/${object.name}/list">${object.labelPlural}</a></header>
  <h1>${title}</h1>
  ${record.IsDeleted ? html`<p role="alert">This record is in the Recycle Bin.</p>` : ''}
  <table>
    ${fields.map((f) => html`<tr><th>${f.label}</th><td data-field="${f.name}">${display(record[f.name])}</td></tr>`)}
  </table>
</body>
</html>`);
  });

  app.get('/lightning/o/:object/list', (c) => {
    const state = deps.state();
    const object = findObject(state.org, c.req.param('object'));
    if (!object) return c.html(notFound(`No object ${c.req.param('object')} in this org.`), 404);
    const rows = Object.values(state.records[object.name]).filter((r) => !r.IsDeleted);
    return c.html(html`<!doctype html>
<html>
<head><meta charset="utf-8"><title>${object.labelPlural} | Salesforce</title></head>
<body>
  <h1>${object.labelPlural}</h1>
  <ul>
    ${rows.map((r) => html`<li><a href="${deps.basePath}/lightning/r/${object.name}/${r.Id}/view">${display(r.Name ?? r.Id)}</a></li>`)}
  </ul>
</body>
</html>`);
  });
  return app;
}
