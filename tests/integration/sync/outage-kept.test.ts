import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { nextMidnightIn } from '../../../proxy/sync/outage';
import type { SyncStatusAnswer } from '../../../shared/api/control';
import { type Harness, startHarness } from './sync-harness';

describe("HubSpot's daily limit and a revoked HubSpot token", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("waits for HubSpot's daily limit until midnight in the portal's time zone, not a back-off", async () => {
    h = await startHarness();
    await h.engine.runOnce();
    h.hs.control.rateLimitNext(100_000, 3600, 'DAILY');
    h.hs.control.createRecord('contacts', {
      email: 'late@example.com',
      firstname: 'Late',
      lastname: 'Comer',
    });
    h.clock.advance(60_000);

    const run = await h.engine.runOnce();

    const midnight = nextMidnightIn(h.clock.now, 'US/Eastern');
    expect(run.state).toMatchObject({ state: 'degraded', system: 'hubspot', retryAt: midnight });
    expect(await h.engine.status()).toMatchObject({
      reason: expect.stringContaining("resets at midnight in the portal's time zone"),
    });
    // Another failed run in the same outage still waits for the reset, not for a doubled interval.
    h.clock.advance(1000);
    await h.engine.runOnce();
    expect(await h.engine.status()).toMatchObject({ state: 'degraded', failures: 2, retryAt: midnight });
  });

  it('suspends on a revoked HubSpot token with the command that fixes it, recording no record errors', async () => {
    h = await startHarness();
    await h.engine.runOnce();
    const errorsBefore = (await h.store.summary()).totalOpenErrors;
    h.hs.control.rotateToken();
    h.clock.advance(60_000);

    const run = await h.engine.runOnce();

    expect(run.state).toMatchObject({
      state: 'suspended',
      id: 'credentials',
      reason: expect.stringContaining('HubSpot refused the sync'),
      action: expect.stringContaining('sync-health connect hubspot'),
      retryAt: null,
    });
    expect(await h.engine.status()).toEqual(run.state);
    expect((await h.store.summary()).totalOpenErrors).toBe(errorsBefore);
  });
});

describe('an outage across a restart', () => {
  let dataDir: string;
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('still shows degraded after a restart during the outage, until a run succeeds', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sh-outage-kept-'));
    const first = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    await first.sync.engine.runOnce();
    first.sandboxes.hubspot.control.rateLimitNext(100_000, 3600, 'DAILY');
    await first.sync.engine.runOnce();
    const before = await first.sync.engine.status();
    expect(before).toMatchObject({ state: 'degraded', system: 'hubspot' });
    await first.close();

    const second = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    try {
      const status = await fetch(`${second.proxy.url}/api/v1/sync/status`, {
        headers: { authorization: `Bearer ${second.proxy.token}` },
      });
      expect(((await status.json()) as SyncStatusAnswer).state).toEqual(before);

      // The new process's portal answers again: the first good run clears it, and it stays cleared.
      await second.sync.engine.runOnce();
      expect(await second.sync.engine.status()).toEqual({ state: 'running' });
    } finally {
      await second.close();
    }
    const third = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
    try {
      expect(await third.sync.engine.status()).toEqual({ state: 'running' });
    } finally {
      await third.close();
    }
  });
});
