/**
 * @module GET /errors/export: every matching error as CSV through csv-stringify, streamed page by page
 * (keyset pages of 250, see exportPages) so memory stays flat however many errors there are.
 */
import { stringify } from 'csv-stringify/sync';
import type { LinkBases } from '../../shared/api/errors';
import {
  type ErrorDetails,
  isSubType,
  resolutionSteps,
  SUB_TYPES,
  type SubType,
} from '../../shared/taxonomy';
import { affectedCounter, EXPORT_COLUMN as C, type ExportRow, exportPages } from '../store/api-queries';
import type { ErrorFilter, Store } from '../store/index';
import { createLinkBuilder, maxLengthIn, type StepContext } from './error-item';

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
  'Error detail',
  'Affected records',
  'Occurrences',
  'First seen',
  'Last seen',
  'Status',
  'HubSpot link',
  'Salesforce link',
  'How to fix',
];

/**
 * Resolution steps, remembered per distinct input: errors of one cause share their steps, and building
 * them is the dearest part of a row. Bounded, so a long export of unique messages keeps flat memory.
 */
function stepsMemo(context: StepContext) {
  const memo = new Map<string, string>();
  return (r: ExportRow, subType: SubType): string => {
    const details: ErrorDetails = {
      object: r[C.sfObject],
      field: r[C.field] ?? undefined,
      value: r[C.value] ?? undefined,
      rule: r[C.rule] ?? undefined,
      crmObject: r[C.blockingType] ?? r[C.crmType],
      blockingRecordName: r[C.blockingName] ?? undefined,
      blockingRecordId: r[C.blockingId] ?? undefined,
      message: r[C.message],
    };
    // Property and limit follow from the object, field and message, which the key holds.
    const field = r[C.field];
    const d = details;
    const key = `${subType}\0${d.object}\0${d.field}\0${d.value}\0${d.rule}\0${d.crmObject}\0${d.blockingRecordName}\0${d.blockingRecordId}\0${d.message}`;
    let steps = memo.get(key);
    if (steps === undefined) {
      details.crmProperty = field ? context.crmProperty(r[C.sfObject], field) : undefined;
      details.maxLength = maxLengthIn(r[C.message]);
      steps = resolutionSteps(subType, details).join(' | ');
      if (memo.size >= 5_000) memo.clear();
      memo.set(key, steps);
    }
    return steps;
  };
}

function rowFormatter(store: Store, links: LinkBases, context: StepContext) {
  const affected = affectedCounter(store.db);
  const link = createLinkBuilder(links);
  const steps = stepsMemo(context);
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
      r[C.summary] ?? r[C.message],
      affected({ blockingType: r[C.blockingType], blockingId: r[C.blockingId], status, affectedRecords: 1 }),
      r[C.occurrences],
      new Date(r[C.firstSeen]).toISOString(),
      new Date(r[C.lastSeen]).toISOString(),
      status,
      link.crm(r[C.crmType], r[C.crmId]),
      link.sf(r[C.sfObject], r[C.sfId]),
      steps(r, subType),
    ];
  };
}

/** CSV text page by page: csv-stringify formats each page in one go (its stream API costs 5× more per row). */
async function* csvPages(store: Store, links: LinkBases, context: StepContext, filter: ErrorFilter) {
  const format = rowFormatter(store, links, context);
  yield stringify([HEADER]);
  for (const page of exportPages(store.db, filter)) {
    yield stringify(page.map(format));
    // Yield to the event loop between pages: the sync and other requests keep running during an export.
    await new Promise((resolve) => setImmediate(resolve));
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
  filter: ErrorFilter,
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
