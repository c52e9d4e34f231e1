/** @module Contract of the error routes: list, detail, groups, CSV export, CRM views, resync and its jobs. */

import { z } from 'zod';
import { RESYNC_LIMIT } from '../limits';
import type { ResyncJobState, ResyncOutcomeKind } from '../resync-job';
import { CATEGORIES, type Category, type RootCauseKey, SUB_TYPES, type SubType } from '../taxonomy';

export { RESYNC_LIMIT };
export const PAGE_LIMIT = 500;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/**
 * Orders of a page of errors: the last attempt (newest first, the default), when the error was first
 * seen (newest first), or the record's name (A to Z). Each has its own keyset cursor.
 */
export const ERROR_SORTS = ['last-attempt', 'first-seen', 'record'] as const;
export type ErrorSort = (typeof ERROR_SORTS)[number];

const SUB_TYPE_NAMES = Object.keys(SUB_TYPES) as [SubType, ...SubType[]];

const filterShape = {
  category: z.enum(CATEGORIES).optional(),
  status: z.enum(['open', 'resolved']).optional(),
  /** A CRM object type (contacts) or a Salesforce object (Contact). */
  object: z.string().trim().min(1).max(80).optional(),
  /** Free text: record name, message, value, CRM id or Salesforce id. */
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // A NUL cuts the SQLite LIKE pattern short: "%\0…%" would match every error.
    .refine(
      (q) => !CONTROL_CHARACTER.test(q),
      'must not contain control characters (such as NUL): type the words to search for',
    )
    .optional(),
  /** A root-cause key from GET /errors/groups. */
  group: z.string().min(1).max(500).optional(),
  /** One error type within the category (validation-rule, picklist-value-missing…). */
  subType: z.enum(SUB_TYPE_NAMES).optional(),
};

export const errorsQuerySchema = z
  .object({
    ...filterShape,
    sort: z.enum(ERROR_SORTS).optional(),
    /** The nextCursor of the previous page, asked with the same sort. */
    cursor: z.string().min(1).max(2000).optional(),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(PAGE_LIMIT, `must be at most ${PAGE_LIMIT}`)
      .optional(),
  })
  .strict();
export const exportQuerySchema = z.object(filterShape).strict();
export const groupsQuerySchema = z.object({ category: z.enum(CATEGORIES).optional() }).strict();

const errorIds = z.array(
  z.string().regex(/^\d{1,15}$/, 'must be an error id as GET /errors returns it (digits)'),
);

export const resyncBodySchema = z
  .object({
    errorIds: errorIds
      .min(1, 'must hold at least one error id')
      .max(
        RESYNC_LIMIT,
        `holds at most ${RESYNC_LIMIT} ids per call; for more, use POST /resync/all with { "category" }`,
      ),
  })
  .strict();
export const resyncAllBodySchema = z.object({ category: z.enum(CATEGORIES) }).strict();
export const viewBodySchema = z.union(
  [
    z.object({ category: z.enum(CATEGORIES) }).strict(),
    z.object({ errorIds: errorIds.min(1, 'must hold at least one error id').max(10_000) }).strict(),
  ],
  { error: `must be either { "category": one of ${CATEGORIES.join(', ')} } or { "errorIds": [ids] }` },
);

export type ErrorsQuery = z.input<typeof errorsQuerySchema>;
export type ExportQuery = z.input<typeof exportQuerySchema>;

/** One row of a category table: the record on both sides, the cause, and how to fix it. */
export interface ErrorItem {
  id: string;
  status: 'open' | 'resolved';
  category: Category;
  crmType: string;
  crmId: string;
  sfObject: string;
  sfId: string | null;
  recordName: string | null;
  code: string;
  subType: SubType;
  /** The sub-type's title ("Value not in a restricted picklist"). */
  title: string;
  field: string | null;
  /** The value the record carries, the rule's, flow's or trigger's name, when known. */
  value: string | null;
  rule: string | null;
  rootCauseKey: RootCauseKey;
  message: string;
  /** What to show as the detail: the cause in a phrase, or an automation's own message taken out of its wrapping. */
  summary: string | null;
  /** What Salesforce or HubSpot said, word for word ("Salesforce said"); null for the sync's own findings. */
  raw: string | null;
  /** Custom code: the Setup page listing the object's validation rules or Apex triggers, or the org's flows. */
  setupUrl: string | null;
  blockingType: string | null;
  blockingId: string | null;
  blockingName: string | null;
  /** Records this row stands for: always 1 (one record's error), so rows add up to the category card. */
  affectedRecords: number;
  /** Associations: how many records the blocking record holds back (this one included). */
  blockingHolds: number | null;
  firstSeen: number;
  lastSeen: number;
  occurrences: number;
  resolvedAt: number | null;
  /** Resolution steps naming the field, value or rule involved. */
  steps: string[];
  crmUrl: string | null;
  sfUrl: string | null;
  blockingUrl: string | null;
  /** Duplicates: the existing Salesforce record this one matches, and its record page. */
  duplicateOf: string | null;
  duplicateUrl: string | null;
}

export interface LinkBases {
  instanceUrl: string;
  crmUiBaseUrl: string;
  portalId: string;
}

export interface ErrorsPage {
  items: ErrorItem[];
  nextCursor: string | null;
  /** How many errors the filter matches in all pages; on the first page (no cursor) only. */
  total?: number;
  links: LinkBases;
}

export interface HistoryEntry {
  at: number;
  action: string;
  outcome: string;
  errorId: string | null;
  detail: string | null;
  /** Who asked for it on a shared server (an e-mail); absent for the sync's own steps. */
  actor?: string;
  /**
   * The records the outcome names by id (shared/history-refs), each with the name the sync knows it by and
   * its page, so that the panel shows the name, linked, and keeps the id for hover.
   */
  records?: HistoryRecord[];
}

export interface HistoryRecord {
  system: 'salesforce' | 'hubspot';
  id: string;
  name: string | null;
  url: string | null;
}

export interface ErrorDetail {
  error: ErrorItem;
  affected: { crmType: string; crmId: string; crmUrl: string | null }[];
  history: HistoryEntry[];
}

export interface RootCauseGroupItem {
  rootCauseKey: string;
  category: Category;
  label: string;
  /** "Value "Biotech" not in Account.Industry: 212 errors". */
  sentence: string;
  errors: number;
  records: number;
  field: string | null;
  value: string | null;
  rule: string | null;
}

export interface ResyncOutcomeItem {
  id: string;
  outcome: ResyncOutcomeKind;
  /** 200 for a known error, 404 for an unknown id (the batch itself succeeds). */
  status: 200 | 404;
  /** Why it still fails; `errorId` is the open error it fails with now (GET /errors/:id). */
  error?: { code: string; message: string; errorId?: string };
}

export interface JobProgress {
  id: string;
  category: string;
  state: ResyncJobState;
  total: number;
  processed: number;
  resolved: number;
  failing: number;
  notFound: number;
  failure?: string;
}

export interface CreatedView {
  /** The first list (most views hold one object type; contacts and companies mixed make one list each). */
  listId: string;
  /** The first list's page in the CRM UI. */
  url: string;
  /** Records in all the lists together. */
  size: number;
  /** The first list's name, as the CRM shows it (unique: a second view in the same second gets " #2"). */
  name: string;
  lists: { listId: string; name: string; objectType: string; url: string; size: number }[];
}

export type ErrorsApi = {
  'GET /errors': { query: ErrorsQuery; response: ErrorsPage };
  'GET /errors/:id': { params: { id: string }; response: ErrorDetail };
  'GET /errors/groups': {
    query: z.input<typeof groupsQuerySchema>;
    response: { groups: RootCauseGroupItem[] };
  };
  'POST /views': { body: z.input<typeof viewBodySchema>; response: CreatedView };
  'POST /resync': { body: z.input<typeof resyncBodySchema>; response: { outcomes: ResyncOutcomeItem[] } };
  'POST /resync/all': { body: z.input<typeof resyncAllBodySchema>; response: { jobId: string } };
  'GET /jobs/:id': { params: { id: string }; response: JobProgress };
};
