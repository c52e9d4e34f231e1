import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSync } from '../../../proxy/routes/api-deps';
import { createMappingRoutes } from '../../../proxy/routes/mappings';
import { createSandboxes, startSandboxSync } from '../../../proxy/runtime/sandbox-runtime';
import { type RunningProxy, startProxy } from '../../../proxy/server';
import { DEFAULT_MAPPINGS } from '../../../proxy/sync/default-mapping';

describe('GET/PUT /api/v1/mappings on the embedded sandbox', () => {
  let dataDir: string;
  let proxy: RunningProxy;
  let sandboxes: ReturnType<typeof createSandboxes>;
  let running: (RunningSync & { close(): Promise<void> }) | null = null;
  const call = (method: string, body?: unknown) =>
    fetch(`${proxy.url}/api/v1/mappings`, {
      method,
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-mappings-'));
    sandboxes = createSandboxes(dataDir);
    proxy = await startProxy({
      port: 0,
      dataDir,
      extend: () => ({
        sandboxes: sandboxes.mounts,
        apiRoutes: (api) => api.route('/', createMappingRoutes({ sync: () => running })),
      }),
    });
  });
  afterAll(async () => {
    await running?.close();
    await proxy.close();
    sandboxes.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says the sync is starting until the engine exists', async () => {
    const res = await call('GET');
    expect(res.status).toBe(503);
  });

  it('shows the mapping set with the problems found against the demo org', async () => {
    running = await startSandboxSync(sandboxes, proxy.url, dataDir, { autoStart: false });
    await running.engine.runOnce();
    const res = await call('GET');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.mappings).toEqual(DEFAULT_MAPPINGS);
    expect(body.problems.map((p: { field: string }) => p.field)).toEqual(['Customer_Tier__c', 'MobilePhone']);
    expect(body.validatedAt).toEqual(expect.any(Number));
  });

  it.each([
    [{}, 400, /\{ "mappings"/],
    [{ mappings: [{ ...DEFAULT_MAPPINGS[0], fields: [] }] }, 400, /mappings\.0\.fields needs at least one/],
    [
      {
        mappings: DEFAULT_MAPPINGS.map((m) =>
          m.crmType === 'deals'
            ? { ...m, fields: [...m.fields, { crm: 'dealname', sf: 'Nope__c', direction: 'two-way' }] }
            : m,
        ),
      },
      409,
      /deals\.dealname → Opportunity\.Nope__c/,
    ],
  ])('refuses a bad set with a message naming what to change (%#)', async (body, status, message) => {
    const res = await call('PUT', body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toMatch(message);
    expect((await (await call('GET')).json()).mappings).toEqual(DEFAULT_MAPPINGS);
  });

  it('saves a valid set and answers it', async () => {
    const next = DEFAULT_MAPPINGS.map((m) =>
      m.crmType === 'companies' ? { ...m, fields: m.fields.filter((f) => f.crm !== 'customer_tier') } : m,
    );
    const res = await call('PUT', { mappings: next });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.mappings).toEqual(next);
    expect(body.problems.map((p: { field: string }) => p.field)).toEqual(['MobilePhone']);
  });

  it('lists the pickers: the CRM properties and the describe fields of a pair, reading describe from its cache', async () => {
    const before = sandboxes.salesforce.stats().requests;
    const res = await fetch(`${proxy.url}/api/v1/mappings/fields?pair=contacts`, {
      headers: { authorization: `Bearer ${proxy.token}` },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ crmType: 'contacts', sfObject: 'Contact' });
    expect(body.properties).toContainEqual({
      name: 'city',
      label: 'City',
      type: 'string',
      fieldType: 'text',
      readOnly: false,
    });
    expect(body.properties.map((p: { name: string }) => p.name)).not.toContain('salesforce_id');
    expect(body.fields).toContainEqual(
      expect.objectContaining({ name: 'MailingCity', type: 'string', length: 40, createable: true }),
    );
    expect(body.fields.map((f: { name: string }) => f.name)).not.toContain('HubSpot_Id__c');
    // The describe the first run cached answers: no Salesforce call.
    expect(sandboxes.salesforce.stats().requests).toBe(before);
  });

  it('refuses a picker request for an unknown pair, listing the pairs', async () => {
    const res = await fetch(`${proxy.url}/api/v1/mappings/fields?pair=tickets`, {
      headers: { authorization: `Bearer ${proxy.token}` },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/"pair" must be one of: contacts, companies, deals/);
  });

  it('syncs a mapping added through the API on the next run, and says how many records it re-sends', async () => {
    const headers = { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' };
    const hs = `${proxy.url}/sandbox/hubspot/crm/v3/objects/contacts`;
    const auth = {
      authorization: `Bearer ${sandboxes.hubspot.accessToken}`,
      'content-type': 'application/json',
    };
    const list = await (await fetch(`${hs}?limit=50&properties=salesforce_id`, { headers: auth })).json();
    // Five contacts the first run linked (the demo plants errors on others, which stay unsynced).
    const ids: string[] = [];
    for (const { id } of list.results as { id: string }[])
      if (ids.length < 5 && (await running?.store.link('contacts', id))?.sfId) ids.push(id);
    expect(ids).toHaveLength(5);
    for (const id of ids)
      await fetch(`${hs}/${id}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ properties: { city: 'Lyon' } }),
      });
    const current = (await (await call('GET')).json()).mappings;
    const next = current.map((m: { crmType: string; fields: unknown[] }) =>
      m.crmType === 'contacts'
        ? { ...m, fields: [...m.fields, { crm: 'city', sf: 'MailingCity', direction: 'crm-to-sf' }] }
        : m,
    );
    const res = await fetch(`${proxy.url}/api/v1/mappings`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ mappings: next }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    const linkedContacts = await running?.store.linkedCount('contacts');
    expect(body.resent).toBe(linkedContacts);
    expect(body.resent).toBeGreaterThan(0);
    const inLyon = () =>
      sandboxes.salesforce.control.records('Contact').filter((r) => r.MailingCity === 'Lyon');
    expect(inLyon()).toHaveLength(0);
    await running?.engine.runOnce();
    expect(inLyon()).toHaveLength(ids.length);
  });
});
