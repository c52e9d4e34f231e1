/**
 * @module The first sync of a pair that already shares its records (default 5,000 contacts and 1,000
 * companies): twins created (target 0), matching calls against ⌈N/200⌉ per object, records linked.
 */

import { testDatabase } from '../proxy/store/index';
import { plantOverlap } from '../tests/integration/sync/overlap-seed';
import { startHarness } from '../tests/integration/sync/sync-harness';

export async function measureInitialMatch(counts: { contacts: number; companies: number }) {
  const h = await startHarness({ seed: false, allocation: 1_000_000, dailyApiLimit: 1_000_000 });
  try {
    plantOverlap(h.sf, h.hs, { contacts: counts.contacts, companies: counts.companies });
    h.clock.advance(1000);
    const records = () => ({
      accounts: h.sf.control.records('Account').length,
      contacts: h.sf.control.records('Contact').length,
    });
    const before = records();
    const count = (sql: string, ...args: unknown[]) =>
      (
        testDatabase(h.store)
          .prepare(sql)
          .get(...args) as { n: number }
      ).n;
    const lastCall = () => count(`SELECT COALESCE(MAX(id), 0) AS n FROM api_calls`);

    const preview = await h.engine.preview();
    const previewCalls = h.sf.stats().requests;
    const previewWrites = h.sf.stats().writes + h.hs.stats().writes;
    const from = lastCall();
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      const run = await h.engine.runOnce();
      if (run.failure) throw new Error(run.failure);
      if (run.processed === 0 && (await h.store.summary()).queueSize === 0) break;
    }
    const syncMs = Math.round(performance.now() - started);
    // Every query of the first sync is a matching query: its first Salesforce poll only sets the cursor.
    const matchingCalls = count(
      `SELECT COUNT(*) AS n FROM api_calls WHERE id > ? AND kind LIKE 'GET %/query'`,
      from,
    );
    const linked = (type: string) =>
      count(`SELECT COUNT(*) AS n FROM history WHERE action = 'match' AND crm_type = ?`, type);
    const after = records();
    return {
      sharedContacts: counts.contacts,
      sharedCompanies: counts.companies,
      duplicatesCreated: after.accounts - before.accounts + (after.contacts - before.contacts),
      matchingCalls,
      matchingCallsTarget: Math.ceil(counts.contacts / 200) + Math.ceil(counts.companies / 200),
      contactsLinked: linked('contacts'),
      companiesLinked: linked('companies'),
      firstSyncSalesforceCalls: h.sf.stats().requests - previewCalls,
      previewCalls,
      previewWrites,
      previewToLink: preview.objects.reduce((n, o) => n + o.toLink, 0),
      previewEstimatedCalls: preview.estimatedCalls,
      syncMs,
    };
  } finally {
    await h.close();
  }
}
