/** @module Measures the health queries on 100,000 errors (p95 in ms): what the side panel waits for. */
import { pathToFileURL } from 'node:url';
import { openStore } from '../proxy/store/index';
import { ERROR_CATEGORIES } from '../proxy/store/types';
import { ERROR_SORTS } from '../shared/api/errors';

const p95 = (fn: () => unknown, runs = 50): number => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs * 0.95)] * 100) / 100;
};

/** Fills an in-memory store with `count` open errors over 8 categories and 500 causes, then times the reads. */
export async function measureStoreQueries(count = 100_000) {
  const store = openStore(':memory:');
  await store.tx(async () => {
    for (let i = 0; i < count; i++) {
      const category = ERROR_CATEGORIES[i % ERROR_CATEGORIES.length];
      await store.recordError(
        {
          category,
          crmType: 'contacts',
          crmId: String(i),
          sfObject: 'Contact',
          recordName: `Contact ${i}`,
          code: 'CODE',
          subType: 'other',
          field: 'Field',
          value: `v${i % 500}`,
          rootCauseKey: `other:cause ${i % 500}`,
          message: `Message ${i}`,
        },
        1_000_000 + i,
      );
    }
  });
  const result = {
    storeErrors: count,
    summaryP95Ms: p95(async () => await store.summary()),
    firstPageP95Ms: p95(async () => await store.listErrors({}, { limit: 50 })),
    categoryPage500P95Ms: p95(async () => await store.listErrors({ category: 'picklists' }, { limit: 500 })),
    groupsP95Ms: p95(async () => await store.groups()),
    // The category table's first page in each of its sorts (one category holds 12,500 of the errors).
    ...Object.fromEntries(
      ERROR_SORTS.map((sort) => [
        `categoryFirstPage.${sort}.p95Ms`,
        p95(async () => await store.listErrors({ category: 'picklists' }, { limit: 50, sort })),
      ]),
    ),
    ...Object.fromEntries(
      ERROR_SORTS.map((sort) => [
        `firstPage.${sort}.p95Ms`,
        p95(async () => await store.listErrors({}, { limit: 50, sort })),
      ]),
    ),
  };
  await store.close();
  return result;
}

// `node --import tsx bench/store-queries.ts` prints these alone (npm run bench prints them with the rest).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(JSON.stringify(measureStoreQueries(), null, 2));
