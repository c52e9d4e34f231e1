/**
 * @module GET /errors/export: every matching error as CSV, through csv-stringify, streamed page by page
 * (keyset pages of 500) so memory stays flat and the database is never held by a long-lived cursor
 * (better-sqlite3 refuses other statements on a connection while an iterator is open).
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { LinkBases } from '../../shared/api/errors';
import { affectedCounter } from '../store/api-queries';
import type { ErrorFilter, Store } from '../store/index';
import { toErrorItem } from './error-item';

const COLUMNS = [
  { key: 'id', header: 'Error id' },
  { key: 'category', header: 'Category' },
  { key: 'title', header: 'Error type' },
  { key: 'recordName', header: 'Record' },
  { key: 'crmType', header: 'HubSpot object' },
  { key: 'crmId', header: 'HubSpot id' },
  { key: 'sfObject', header: 'Salesforce object' },
  { key: 'sfId', header: 'Salesforce id' },
  { key: 'field', header: 'Field' },
  { key: 'value', header: 'Value' },
  { key: 'rule', header: 'Rule' },
  { key: 'detail', header: 'Error detail' },
  { key: 'affectedRecords', header: 'Affected records' },
  { key: 'occurrences', header: 'Occurrences' },
  { key: 'firstSeen', header: 'First seen' },
  { key: 'lastSeen', header: 'Last seen' },
  { key: 'status', header: 'Status' },
  { key: 'crmUrl', header: 'HubSpot link' },
  { key: 'sfUrl', header: 'Salesforce link' },
  { key: 'steps', header: 'How to fix' },
];

/** CSV text page by page: csv-stringify formats each page of 500 in one go (per-row streaming costs 5× more). */
async function* csvPages(store: Store, links: LinkBases, filter: ErrorFilter) {
  let cursor: string | undefined;
  let header = true;
  const affected = affectedCounter(store.db);
  do {
    const page = store.listErrors(filter, { cursor, limit: 500 });
    const records = page.items.map((row) => {
      const item = toErrorItem(row, links, affected(row));
      return {
        ...item,
        detail: item.summary ?? item.message,
        firstSeen: new Date(item.firstSeen).toISOString(),
        lastSeen: new Date(item.lastSeen).toISOString(),
        steps: item.steps.join(' | '),
      };
    });
    if (records.length || header) yield stringify(records, { header, columns: COLUMNS });
    header = false;
    cursor = page.nextCursor ?? undefined;
    // Yield to the event loop between pages: the sync keeps running during a long export.
    await new Promise((resolve) => setImmediate(resolve));
  } while (cursor);
}

export function exportResponse(store: Store, links: LinkBases, filter: ErrorFilter, now: number): Response {
  const day = new Date(now).toISOString().slice(0, 10);
  const name = `sync-health-errors-${filter.category ?? 'all'}-${day}.csv`;
  const csv = Readable.from(csvPages(store, links, filter));
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}
