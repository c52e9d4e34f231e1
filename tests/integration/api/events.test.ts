import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountApiRoutes } from '../../../proxy/routes/api-routes';
import { createSandboxes, startSandboxSync } from '../../../proxy/runtime/sandbox-runtime';
import { type RunningProxy, startProxy } from '../../../proxy/server';
import type { ErrorsPage } from '../../../shared/api/errors';
import { readSse } from './sse-reader';

describe('GET /events streams live health', () => {
  let dataDir: string;
  let proxy: RunningProxy;
  let sandboxes: ReturnType<typeof createSandboxes>;
  let running: Awaited<ReturnType<typeof startSandboxSync>>;
  const headers = () => ({ authorization: `Bearer ${proxy.token}` });
  const open = (extra: Record<string, string> = {}) =>
    fetch(`${proxy.url}/api/v1/events`, { headers: { ...headers(), ...extra } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-events-'));
    sandboxes = createSandboxes(dataDir);
    let sync: typeof running | null = null;
    proxy = await startProxy({
      port: 0,
      dataDir,
      extend: () => ({
        sandboxes: sandboxes.mounts,
        apiRoutes: (api) => mountApiRoutes(api, { sync: () => sync, heartbeatMs: 300 }),
      }),
    });
    running = await startSandboxSync(sandboxes, proxy.url, dataDir, { autoStart: false });
    sync = running;
    await running.engine.runOnce();
  });
  afterAll(async () => {
    await running.close();
    await proxy.close();
    sandboxes.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with the current counts and sends heartbeats', async () => {
    const res = await open();
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = readSse(res);
    await sse.until(() => sse.events.length > 0 && sse.comments.includes('heartbeat'));
    const first = JSON.parse(sse.events[0]!.data);
    expect(sse.events[0]!.event).toBe('counts');
    expect(first.totalOpenErrors).toBe((await running.store.summary()).totalOpenErrors);
    await sse.close();
  });

  it('sends resolved and lower counts when a fix and a resync resolve errors, and resumes from Last-Event-ID', async () => {
    const sse = readSse(await open());
    await sse.until(() => sse.events.length > 0);
    const before = (await running.store.summary()).categories.find(
      (c) => c.category === 'picklists',
    )!.openErrors;
    const page = (await (
      await fetch(`${proxy.url}/api/v1/errors?q=Podcast&category=picklists`, { headers: headers() })
    ).json()) as ErrorsPage;
    expect(page.items.length).toBeGreaterThan(0);
    sandboxes.salesforce.control.addPicklistValue('Contact', 'LeadSource', 'Podcast');
    const resync = await fetch(`${proxy.url}/api/v1/resync`, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ errorIds: page.items.map((i) => i.id) }),
    });
    const { outcomes } = await resync.json();
    expect(outcomes, JSON.stringify(outcomes).slice(0, 600)).toSatisfy((all: { outcome: string }[]) =>
      all.every((o) => o.outcome === 'resolved'),
    );
    const lower = () =>
      sse.events.some(
        (e) =>
          e.event === 'counts' &&
          JSON.parse(e.data).categories.find((c: { category: string }) => c.category === 'picklists')
            .openErrors ===
            before - page.items.length,
      );
    await sse.until(() => sse.events.some((e) => e.event === 'resolved') && lower());
    const firstId = sse.events[0]!.id!;
    await sse.close();

    const resumed = readSse(await open({ 'last-event-id': firstId }));
    await resumed.until(() => resumed.events.some((e) => e.event === 'resolved'));
    expect(resumed.events[0]!.id).not.toBe(firstId);
    await resumed.close();
  });

  it('starts from fresh counts when the Last-Event-ID is unknown', async () => {
    const sse = readSse(await open({ 'last-event-id': 'elsewhere-12' }));
    await sse.until(() => sse.events.length > 0);
    expect(sse.events[0]!.event).toBe('counts');
    await sse.close();
  });
});
