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
    running = startSandboxSync(sandboxes, proxy.url, dataDir, { autoStart: false });
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
});
