/** @module Measures the health queries on 100,000 errors (p95 in ms): what the side panel waits for. */
import { pathToFileURL } from 'node:url';
import { openStore } from '../proxy/store/index';
import { ERROR_SORTS } from '../shared/api/errors';
import { p95 } from './p95';
import { benchError } from './store-bench';

/** Fills an in-memory store with `count` open errors over 8 categories and 500 causes, then times the reads. */
export async function measureStoreQueries(count = 100_000) {
  const store = openStore(':memory:');
  await store.tx(async () => {
    for (let i = 0; i < count; i++) await store.recordError(benchError(i), 1_000_000 + i);
  });
  const result: Record<string, number> = {
    storeErrors: count,
    summaryP95Ms: await p95(() => store.summary()),
    firstPageP95Ms: await p95(() => store.listErrors({}, { limit: 50 })),
    categoryPage500P95Ms: await p95(() => store.listErrors({ category: 'picklists' }, { limit: 500 })),
    groupsP95Ms: await p95(() => store.groups()),
  };
  // The category table's first page in each of its sorts (one category holds 12,500 of the errors).
  for (const sort of ERROR_SORTS) {
    result[`categoryFirstPage.${sort}.p95Ms`] = await p95(() =>
      store.listErrors({ category: 'picklists' }, { limit: 50, sort }),
    );
  }
  for (const sort of ERROR_SORTS) {
    result[`firstPage.${sort}.p95Ms`] = await p95(() => store.listErrors({}, { limit: 50, sort }));
  }
  await store.close();
  return result;
}

// `node --import tsx bench/store-queries.ts` prints these alone (npm run bench prints them with the rest).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(JSON.stringify(await measureStoreQueries(), null, 2));
