import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthRoutes, type RunningSync } from '../../../proxy/routes/health';
import { createSandboxes, startSandboxSync } from '../../../proxy/runtime/sandbox-runtime';
import { type RunningProxy, startProxy } from '../../../proxy/server';
import { CATEGORIES } from '../../../shared/taxonomy';

describe('GET /api/v1/health/summary on the embedded sandbox', () => {
  let dataDir: string;
  let proxy: RunningProxy;
  let sandboxes: ReturnType<typeof createSandboxes>;
  let running: (RunningSync & { close(): Promise<void> }) | null = null;
  const get = (path: string, token = proxy.token) =>
    fetch(`${proxy.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-health-'));
    sandboxes = createSandboxes(dataDir);
    proxy = await startProxy({
      port: 0,
      dataDir,
      extend: () => ({
        sandboxes: sandboxes.mounts,
        apiRoutes: (api) =>
          api.route(
            '/',
            createHealthRoutes(() => running),
          ),
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
    const res = await get('/health/summary');
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('unavailable');
  });

  it('reports all eight categories, errors of the first demo sync in seven of them', async () => {
    running = await startSandboxSync(sandboxes, proxy.url, dataDir, { autoStart: false });
    await running.engine.runOnce();
    const res = await get('/health/summary');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.categories.map((c: { category: string }) => c.category).sort()).toEqual(
      [...CATEGORIES].sort(),
    );
    // 'other' appears only once the approval-locked deal is updated after its first sync (DEMO.md).
    for (const category of CATEGORIES.filter((c) => c !== 'other')) {
      const row = body.categories.find((c: { category: string }) => c.category === category);
      expect(row.openErrors, category).toBeGreaterThan(0);
    }
    expect(body.totalOpenErrors).toBe((await running.store.summary()).totalOpenErrors);
    expect(body.usage.syncCalls24h).toBe(sandboxes.salesforce.stats().requests);
    expect(body.state.state).toBeDefined();
  });

  it('requires the pairing token', async () => {
    const res = await get('/health/summary', 'wrong');
    expect(res.status).toBe(401);
  });
});
