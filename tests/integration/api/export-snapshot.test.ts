import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import type { ErrorInput } from '../../../proxy/store/types';
import { type ApiHarness, startApiHarness } from './api-harness';

/** Enough rows that the download outgrows the socket's buffers: the proxy is mid-export while we wait. */
const EXTRA = 30_000;
const benchError = (i: number): ErrorInput => ({
  category: 'custom-code',
  crmType: 'contacts',
  crmId: String(500_000 + i),
  sfObject: 'Contact',
  recordName: `Snapshot Contact ${i}`,
  code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  subType: 'validation-rule',
  rule: 'Needs_Phone',
  rootCauseKey: 'validation:Contact:Needs_Phone',
  message: 'Enter a phone number before saving.',
});

describe('GET /errors/export while the sync writes', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
    await h.store.tx(async () => {
      for (let i = 0; i < EXTRA; i++) await h.store.recordError(benchError(i), 1_000_000 + i);
    });
  });
  afterAll(() => h.close());

  /** Whether some reader still holds write-ahead log frames that a checkpoint cannot copy back. */
  const snapshotHeld = () => {
    const [wal] = testDatabase(h.store).pragma('wal_checkpoint(PASSIVE)') as {
      log: number;
      checkpointed: number;
    }[];
    return wal!.checkpointed < wal!.log;
  };

  /** Starts a download and reads its first chunk only. */
  const startDownload = async (signal?: AbortSignal) => {
    const res = await h.get('/errors/export');
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    // The header comes first, on its own; the snapshot is taken for the page after it.
    text += decoder.decode((await reader.read()).value, { stream: true });
    signal?.addEventListener('abort', () => reader.cancel());
    return {
      async rest() {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          text += decoder.decode(chunk.value, { stream: true });
        }
        return parse(text, { columns: true }) as Record<string, string>[];
      },
    };
  };

  it('writes the errors as they were when the download began, even those that recur during it', async () => {
    const openAtStart = (await h.store.summary()).totalOpenErrors;
    const download = await startDownload();
    // The oldest error recurs: its last seen moves above the export's cursor; a new error appears too.
    await h.store.recordError(benchError(0), Date.now());
    await h.store.recordError(benchError(EXTRA), Date.now());
    expect(snapshotHeld()).toBe(true);
    const rows = await download.rest();
    const ids = rows.map((r) => r['Error id']);
    expect(ids).toHaveLength(openAtStart);
    expect(new Set(ids).size).toBe(openAtStart);
    expect(rows.some((r) => r.Record === 'Snapshot Contact 0')).toBe(true);
    expect(rows.some((r) => r.Record === `Snapshot Contact ${EXTRA}`)).toBe(false);
  });

  it('lets the store go when the client leaves mid-download', async () => {
    const leave = new AbortController();
    await startDownload(leave.signal);
    await h.store.recordError(benchError(EXTRA + 1), Date.now());
    expect(snapshotHeld()).toBe(true);
    leave.abort();
    await vi.waitFor(() => expect(snapshotHeld()).toBe(false), { timeout: 5_000, interval: 50 });
  });
});
