/**
 * @module The health API over real HTTP with 100,000 stored errors: summary and first-page p95, and the
 * full CSV export's time and memory growth (issue 7's targets: ≤ 10 ms, ≤ 20 ms, ≤ 1.5 s with flat memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxProxy } from '../proxy/runtime/sandbox-runtime';
import { ERROR_CATEGORIES } from '../proxy/store/types';

async function p95(fn: () => Promise<unknown>, runs = 100): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs * 0.95)]! * 100) / 100;
}

export async function measureApi(count = 100_000) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sh-api-bench-'));
  const running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  try {
    const { store } = running.sync;
    store.tx(() => {
      for (let i = 0; i < count; i++) {
        store.recordError(
          {
            category: ERROR_CATEGORIES[i % ERROR_CATEGORIES.length]!,
            crmType: 'contacts',
            crmId: String(100_000 + i),
            sfObject: 'Contact',
            recordName: `Bench Contact ${i}`,
            code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            subType: 'validation-rule',
            field: 'Email',
            value: `v${i % 500}`,
            rule: `Rule_${i % 500}`,
            rootCauseKey: `validation:Contact:Rule_${i % 500}`,
            message: `Bench message ${i}, long enough to look like what Salesforce says about a rule.`,
          },
          1_700_000_000_000 + i,
        );
      }
    });
    const headers = { authorization: `Bearer ${running.proxy.token}` };
    const get = (path: string) => fetch(`${running.proxy.url}/api/v1${path}`, { headers });
    const drain = async (path: string) => (await get(path)).arrayBuffer();

    const summaryP95 = await p95(() => drain('/health/summary'));
    const firstPageP95 = await p95(() => drain('/errors?limit=50'));
    const categoryPageP95 = await p95(() => drain('/errors?category=custom-code&limit=50'));

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let bytes = 0;
    let rows = -1;
    const started = performance.now();
    const res = await get('/errors/export?status=open');
    const reader = res.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) rows++;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    const exportMs = Math.round(performance.now() - started);
    return {
      apiStoredErrors: count,
      apiSummaryP95Ms: summaryP95,
      apiFirstPageP95Ms: firstPageP95,
      apiCategoryPageP95Ms: categoryPageP95,
      apiExportRows: rows,
      apiExportMB: Math.round((bytes / 1e6) * 10) / 10,
      apiExportMs: exportMs,
      // Growth of the JS heap while the whole export streams (flat memory: far below the export's size).
      apiExportHeapGrowthMB: Math.round(((heapPeak - heapBefore) / 1e6) * 10) / 10,
    };
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
