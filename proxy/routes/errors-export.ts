/**
 * @module GET /errors/export: every matching error as CSV through Papa Parse, streamed page by page
 * (keyset pages of 250, see exportPages) from one snapshot of the store, so memory stays flat however
 * many errors there are and the file agrees with itself while the sync writes.
 */
import Papa from 'papaparse';
import type { LinkBases } from '../../shared/api/errors';
import { isSubType, resolutionSteps, SUB_TYPES, type SubType } from '../../shared/taxonomy';
import { EXPORT_COLUMN as C, type ExportRow } from '../store/api-queries';
import type { ErrorListFilter } from '../store/health-queries';
import type { Store } from '../store/index';
import { createLinkBuilder, detailsOf, type StepContext, type StepFields } from './error-item';
import { isoTimestamps } from './iso-timestamps';

/** The columns of the category table, in its order, then what the table shows behind its links. */
const HEADER = [
  'Error id',
  'Category',
  'Error type',
  'Record',
  'HubSpot object',
  'HubSpot id',
  'Salesforce object',
  'Salesforce id',
  'Field',
  'Value',
  'Rule',
  'Duplicate of (Salesforce id)',
  'Error detail',
  'Affected records',
  'Occurrences',
  'First seen',
  'Last attempt',
  'Status',
  'HubSpot link',
  'Salesforce link',
  'How to fix',
];

/** A row's resolution steps, from the row alone (no memo: a key for one costs more than the steps). */
function stepsOf(context: StepContext, r: ExportRow, subType: SubType): string {
  const fields: StepFields = {
    sfObject: r[C.sfObject],
    field: r[C.field],
    value: r[C.value],
    rule: r[C.rule],
    blockingType: r[C.blockingType],
    crmType: r[C.crmType],
    blockingName: r[C.blockingName],
    blockingId: r[C.blockingId],
    message: r[C.message],
    duplicateOf: r[C.duplicateOf],
    subType,
    summary: r[C.summary],
  };
  return resolutionSteps(subType, detailsOf(fields, context)).join(' | ');
}

function rowFormatter(links: LinkBases, context: StepContext) {
  const link = createLinkBuilder(links);
  const iso = isoTimestamps();
  return (r: ExportRow) => {
    const sub = r[C.subType];
    const subType = sub && isSubType(sub) ? sub : 'other';
    const status = r[C.status];
    return [
      r[C.id],
      r[C.category],
      SUB_TYPES[subType].title,
      r[C.recordName],
      r[C.crmType],
      r[C.crmId],
      r[C.sfObject],
      r[C.sfId],
      r[C.field],
      r[C.value],
      r[C.rule],
      r[C.duplicateOf],
      r[C.summary] ?? r[C.message],
      // One row is one record's error, as in the table: the rows of a category add up to its card.
      1,
      r[C.occurrences],
      iso(r[C.firstSeen]),
      iso(r[C.lastSeen]),
      status,
      link.crm(r[C.crmType], r[C.crmId]),
      link.sf(r[C.sfObject], r[C.sfId]),
      stepsOf(context, r, subType),
    ];
  };
}

/**
 * Papa Parse's unparse, one page at a time. A cell that a spreadsheet would run as a formula (it starts
 * with =, +, -, @, a tab or a carriage return: record names and values come from the CRM, so anyone
 * with edit rights there can write one) is written with a leading apostrophe, as OWASP advises.
 */
const CSV_OPTIONS = { newline: '\n', escapeFormulae: /^[=+\-@\t\r]/ } satisfies Papa.UnparseConfig;

export const toCsv = (rows: unknown[][]) => `${Papa.unparse(rows, CSV_OPTIONS)}\n`;

/**
 * CSV text page by page, each page formatted in one go, all read from one snapshot of the store (the file
 * is the errors as they were when the download began). The snapshot is taken once the header is on its
 * way, and closed when the last page is out or the client has gone.
 */
async function* csvPages(store: Store, links: LinkBases, context: StepContext, filter: ErrorListFilter) {
  yield toCsv([HEADER]);
  const snapshot = await store.openExportSnapshot();
  try {
    const format = rowFormatter(links, context);
    for await (const page of snapshot.pages(filter)) {
      yield toCsv(page.map(format));
      // Yield to the event loop between pages: the sync and other requests keep running during an export.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await snapshot.close();
  }
}

/**
 * A byte stream that formats the next page only when the socket has taken the last one (pull, with a
 * high-water mark of one chunk), and ends the page generator when the client goes away.
 */
function pullStream(pages: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await pages.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      // The client went away: end the generator so no further page is read.
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export function exportResponse(
  store: Store,
  links: LinkBases,
  context: StepContext,
  filter: ErrorListFilter,
  now: number,
): Response {
  const day = new Date(now).toISOString().slice(0, 10);
  const name = `sync-health-errors-${filter.category ?? 'all'}-${day}.csv`;
  return new Response(pullStream(csvPages(store, links, context, filter)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}
