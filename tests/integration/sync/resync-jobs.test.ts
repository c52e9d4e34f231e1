import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEngine } from '../../../proxy/sync/engine';
import { buildEngine } from './build-engine';
import { connectionFacts, type Harness, startHarness } from './sync-harness';

/** Waits on the event loop for a job to leave 'running' (the engine's clock is the harness's). */
async function settled(engine: SyncEngine, jobId: string) {
  for (let i = 0; i < 1000 && (await engine.job(jobId))?.state === 'running'; i++)
    await new Promise((r) => setTimeout(r, 10));
  return await engine.job(jobId);
}

describe('resync-all jobs across restarts', () => {
  let h: Harness;
  let dir: string;
  let restarted: SyncEngine | null = null;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sync-jobs-'));
    h = await startHarness({ storeFile: join(dir, 'store.db') });
    await h.engine.runOnce();
  });
  afterEach(async () => {
    await restarted?.stop();
    restarted = null;
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const restart = async () => {
    restarted = await buildEngine(
      h.store,
      connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl),
      () => h.clock.now,
    );
    return restarted;
  };

  it('finishes a job queued before a restart, counting the ids done before it only once', async () => {
    h.sf.control.setRuleActive('Account', 'Website_Must_Be_Https', false);
    const ids = (await h.store.listErrors({ category: 'custom-code' })).items.map((e) => e.id);
    expect(ids.length).toBeGreaterThan(1);
    // The previous process queued the job, stored the first outcome, and died.
    await h.store.createJob('job-before-crash', 'custom-code', ids, h.clock.now);
    await h.store.recordJobOutcomes('job-before-crash', [{ id: ids[0], outcome: 'failing' }]);
    await h.engine.stop();

    const engine = await restart();
    expect(await engine.job('job-before-crash')).toMatchObject({
      state: 'running',
      processed: 1,
      total: ids.length,
    });
    engine.start();
    const job = await settled(engine, 'job-before-crash');
    expect(job).toMatchObject({ state: 'done', total: ids.length, processed: ids.length });
    expect((job?.resolved ?? 0) + (job?.failing ?? 0) + (job?.notFound ?? 0)).toBe(ids.length);
    expect(job?.resolved).toBeGreaterThan(0);
  });

  it('answers job(id) for a finished job after a restart', async () => {
    const { jobId } = await h.engine.resyncAll('duplicates');
    const done = await settled(h.engine, jobId);
    expect(done?.state).toBe('done');
    await h.engine.stop();
    expect(await (await restart()).job(jobId)).toEqual(done);
  });

  it('answers null for a job id it never queued', async () => {
    expect(await h.engine.job('no-such-job')).toBeNull();
  });
});
