import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../proxy/store/index';
import { crmRecords, spawnEngine } from './crash-run';
import { type Harness, startHarness } from './sync-harness';

const CONTACTS = 600;

describe('crash safety of Bulk API 2.0 writes', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    dir = mkdtempSync(join(tmpdir(), 'sync-bulk-crash-'));
    const company = h.hs.control.createRecord('companies', { name: 'Bulk Crash Ltd', industry: 'Energy' });
    for (let i = 0; i < CONTACTS; i++) {
      h.hs.control.createRecord(
        'contacts',
        { firstname: `Bk${i}`, lastname: 'Crash', email: `bk${i}@bulk-crash.example` },
        [{ objectType: 'companies', id: company }],
      );
    }
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function jobInfo(jobId: string) {
    const { accessToken } = h.sf.issueSession();
    const res = await fetch(`${h.instanceUrl}/services/data/v62.0/jobs/ingest/${jobId}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return (await res.json()) as { state: string; numberRecordsProcessed: number };
  }

  it.each([
    ['after-bulk-create', 'created', 'Open'],
    ['after-bulk-upload', 'uploaded', 'Open'],
  ])(
    'resumes the stored job after a kill %s instead of uploading the records again',
    async (point, stage, orgState) => {
      const storeFile = join(dir, 'store.db');
      const setup = openStore(storeFile);
      await setup.setSettings({ bulkThreshold: 200 });
      await setup.close();

      const crashed = spawnEngine(h, storeFile, { SYNC_CRASH_AT: `${point}:Contact` });
      await crashed.exit;
      expect(await crashed.signal).toBe('SIGKILL');

      // The kill landed where it should: the job is stored at that stage, nothing of it is written yet.
      const held = openStore(storeFile);
      const job = await held.pendingBulkJob('Contact');
      await held.close();
      expect(job?.stage).toBe(stage);
      expect((await jobInfo(job!.jobId)).state).toBe(orgState);
      expect(h.sf.control.records('Contact')).toHaveLength(0);

      const last = spawnEngine(h, storeFile);
      expect(await last.exit, last.output.stderr).toBe(0);

      // The very job that was stored carried every contact, once.
      expect(await jobInfo(job!.jobId)).toMatchObject({
        state: 'JobComplete',
        numberRecordsProcessed: CONTACTS,
      });
      const inOrg = h.sf.control.records('Contact');
      expect(inOrg).toHaveLength(CONTACTS);
      expect(new Set(inOrg.map((r) => r.HubSpot_Id__c)).size).toBe(CONTACTS);
      const after = await crmRecords(h, 'contacts', ['salesforce_id']);
      const ids = new Map(inOrg.map((r) => [String(r.HubSpot_Id__c), String(r.Id)]));
      for (const r of after) expect(r.properties.salesforce_id, `contact ${r.id}`).toBe(ids.get(r.id));
      const store = openStore(storeFile);
      try {
        expect(await store.pendingBulkJob('Contact')).toBeUndefined();
        expect((await store.summary()).queueSize).toBe(0);
      } finally {
        await store.close();
      }
    },
    90_000,
  );
});
