import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import type { SyncStatusAnswer } from '../../../shared/api/control';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { readSse } from '../api/sse-reader';

describe('an outage on the API', () => {
  let dataDir: string;
  let running: Awaited<ReturnType<typeof startSandboxProxy>>;
  const api = (path: string, method = 'GET') =>
    fetch(`${running.proxy.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${running.proxy.token}` },
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-outage-'));
    running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    await running.sync.engine.runOnce();
  });
  afterAll(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is in GET /sync/status, the summary and a state event while HubSpot refuses every call, and cleared after', async () => {
    const sse = readSse(await api('/events'));
    await sse.until(() => sse.events.length > 0);
    running.sandboxes.hubspot.control.rateLimitNext(100_000, 3600, 'DAILY');
    await api('/sync/run', 'POST');

    const degraded = (e: { event: string; data: string }) =>
      e.event === 'state' && JSON.parse(e.data).state === 'degraded';
    await sse.until(() => sse.events.some(degraded));
    const event = JSON.parse(sse.events.find(degraded)!.data);
    expect(event).toMatchObject({ system: 'hubspot', reason: expect.stringContaining('daily API limit') });
    const status = (await (await api('/sync/status')).json()) as SyncStatusAnswer;
    expect(status.state).toEqual(event);
    const summary = (await (await api('/health/summary')).json()) as HealthSummaryResponse;
    expect(summary.state).toEqual(event);

    running.sandboxes.hubspot.control.rateLimitNext(0);
    await api('/sync/run', 'POST');
    await sse.until(() =>
      sse.events.some((e) => e.event === 'state' && JSON.parse(e.data).state === 'running'),
    );
    expect(((await (await api('/sync/status')).json()) as SyncStatusAnswer).state).toEqual({
      state: 'running',
    });
    await sse.close();
  });
});
