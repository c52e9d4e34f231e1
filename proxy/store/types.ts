/** @module Row and input types of the store, shared by the engine and the health API. */

import type { CrmType } from '../../shared/crm-types';
import { CATEGORIES, type Category, type RootCauseKey, type SubType } from '../../shared/taxonomy';
import type { ActionLog } from './action-log';
import type { ExportRow } from './api-queries';
import type { BulkJobsStore } from './bulk-jobs';
import type { CursorKey, CursorValue } from './cursor-keys';
import type { ErrorWrites } from './error-writes';
import type { ErrorListFilter, HealthQueries } from './health-queries';
import type { MappingSetStore } from './mapping-set';
import type { MatchMemory } from './match-memory';
import type { QueuePayload, QueuePayloadInput } from './queue-payloads';
import type { RecordRulesStore } from './record-rules';
import type { ResyncJobs } from './resync-jobs';
import type { SyncQueries } from './sync-queries';
import type { SyncStateStore } from './sync-state';
import type { UsageLog } from './usage-log';

/** The eight error categories; shared/taxonomy.ts is the one list (with labels and steps). */
export type ErrorCategory = Category;
export const ERROR_CATEGORIES: readonly ErrorCategory[] = CATEGORIES;

export type { CrmType };
/**
 * `to-sf`: CRM changes to push; `to-crm`: Salesforce records to create/associate in the CRM;
 * `sf-id-to-crm`: a Salesforce id to write back into the CRM record's `salesforce_id` property.
 */
export type Direction = 'to-sf' | 'to-crm' | 'sf-id-to-crm';

/** What the engine records when a record fails for a non-transient reason. */
export interface ErrorInput {
  category: ErrorCategory;
  crmType: CrmType;
  crmId: string;
  sfObject: string;
  sfId?: string | null;
  recordName?: string | null;
  code: string;
  /** From the taxonomy: it gives the title and the resolution steps (classifyError picks it). */
  subType: SubType;
  field?: string | null;
  value?: string | null;
  rule?: string | null;
  /** Built by shared/taxonomy rootCauseKey(); errors with the same key share one fix. */
  rootCauseKey: RootCauseKey;
  message: string;
  summary?: string | null;
  raw?: unknown;
  /** For associations: the record that holds this one back. */
  blocking?: { type: CrmType; id: string; name?: string | null } | null;
  /** For duplicates: the Salesforce id of the existing record this one matches. */
  duplicateOf?: string | null;
}

export interface ErrorRow {
  id: string;
  status: 'open' | 'resolved';
  category: ErrorCategory;
  crmType: CrmType;
  crmId: string;
  sfObject: string;
  sfId: string | null;
  recordName: string | null;
  code: string;
  subType: SubType;
  field: string | null;
  value: string | null;
  rule: string | null;
  rootCauseKey: RootCauseKey;
  message: string;
  summary: string | null;
  blockingType: CrmType | null;
  blockingId: string | null;
  blockingName: string | null;
  /** Duplicates: the Salesforce id of the existing record this one matches. */
  duplicateOf: string | null;
  /** Records this error holds back (associations: the blocked records behind one company; else 1). */
  affectedRecords: number;
  firstSeen: number;
  lastSeen: number;
  occurrences: number;
  resolvedAt: number | null;
  retries: number;
}

export interface QueueItem<D extends Direction = Direction> {
  seq: number;
  version: number;
  direction: D;
  objectType: CrmType;
  recordId: string;
  /** Decoded on read: a tagged union per direction (`kind`), see proxy/store/queue-payloads.ts. */
  payload: QueuePayload<D>;
  enqueuedAt: number;
  attempts: number;
}

export interface HistoryRow {
  at: number;
  action: string;
  outcome: string;
  errorId: string | null;
  detail: string | null;
  /** Who asked for it on a shared server; absent for the sync's own steps. */
  actor?: string;
}

export interface LinkRow {
  crmType: CrmType;
  crmId: string;
  sfObject: string;
  sfId: string | null;
  name: string | null;
  syncedAt: number | null;
  /** Created in Salesforce and linked, but the CRM id is not yet in its external-id field. */
  stampPending?: boolean;
}

export interface Settings {
  /** Salesforce API calls the sync may spend per rolling 24 h. */
  allocation: number;
  notifications: { enabled: boolean; frequency: 'instant' | 'daily' | 'weekly'; usageWarningPercent: number };
  retry: { maxAttempts: number; intervalMinutes: number; stopAtPercent: number };
  /** Above this many records for one object in one run, writes go through Bulk API 2.0. */
  bulkThreshold: number;
  /** Share (0–90 %) of the org's daily limit the sync leaves to other integrations; 0 = off. */
  headroomPercent: number;
  /** Adaptive polling of Salesforce: every `pollFloorMinutes` after a change, backing off to `pollCeilingMinutes`. */
  pollFloorMinutes: number;
  pollCeilingMinutes: number;
  /** Objects followed by change events are still read this often (hours), in case an event was lost. */
  safetyPollHours: number;
  /** The first sync copies the records Salesforce already holds (with no CRM twin) to the CRM. */
  copyExistingToCrm: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  allocation: 5000,
  notifications: { enabled: true, frequency: 'instant', usageWarningPercent: 80 },
  // The anchor product retried every 20 minutes, 10 times; we back off from there.
  retry: { maxAttempts: 10, intervalMinutes: 20, stopAtPercent: 75 },
  // Salesforce advises Bulk API 2.0 above about 2,000 records.
  bulkThreshold: 2000,
  headroomPercent: 0,
  pollFloorMinutes: 1,
  pollCeilingMinutes: 15,
  // Salesforce keeps change events 72 hours and the sync replays from its stored position: a lost event is
  // the only thing this catches, and a reconnect reads once anyway.
  safetyPollHours: 6,
  // HubSpot's own integration copies them by default. Off here until the demo's pinned figures move with
  // it: the embedded demo org plants Salesforce-only records (37 contacts, 15 accounts, a deal) that the
  // copy would add to the portal. Settings → Salesforce calls (PUT /settings/salesforce-calls) turns it on.
  copyExistingToCrm: false,
};

/** A read of the errors as they were when it opened, page by page (the CSV export). Close it when done. */
export interface ExportSnapshot {
  pages(filter: ErrorListFilter, pageSize?: number): AsyncGenerator<ExportRow[]>;
  close(): Promise<void>;
}

/**
 * The store's methods as each module of this folder defines them (synchronous, over better-sqlite3). Nothing
 * outside proxy/store calls them in this form: `Store` is `Async<StoreMethods>` plus the transaction.
 */
export interface StoreMethods
  extends ErrorWrites,
    HealthQueries,
    SyncStateStore,
    SyncQueries,
    UsageLog,
    MappingSetStore,
    ResyncJobs,
    MatchMemory,
    BulkJobsStore,
    ActionLog,
    RecordRulesStore {}

/** `T` with every method returning a Promise of what it returned (a Promise is not wrapped twice). */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : T[K];
};

type GenericMethod =
  | 'enqueue'
  | 'peek'
  | 'content'
  | 'cursor'
  | 'setCursor'
  | 'describe'
  | 'mappingSet'
  | 'mappingProblems';

/** How many records an error holds back (an associations error: every record blocked by its blocker). */
export type AffectedCounter = (
  row: Pick<ErrorRow, 'blockingType' | 'blockingId' | 'status' | 'affectedRecords'>,
) => Promise<number>;

/**
 * The store as everything outside proxy/store sees it: named async methods, no SQL, no database handle.
 * The SQLite implementation is `openStore()` (proxy/store/index.ts); each group of `StoreMethods` is one
 * module of this folder. A PostgreSQL implementation (issue 18) implements the same interface
 * (ARCHITECTURE.md, "Store interface").
 */
export interface Store extends Omit<Async<StoreMethods>, GenericMethod> {
  // A mapped type drops a method's type parameters: the generic methods are written out.
  enqueue<D extends Direction>(
    direction: D,
    objectType: CrmType,
    recordId: string,
    payload: QueuePayloadInput[D],
    now: number,
  ): Promise<void>;
  peek<D extends Direction>(
    direction: D,
    objectType: CrmType,
    limit: number,
    now?: number,
  ): Promise<QueueItem<D>[]>;
  content<T>(crmType: CrmType, crmId: string): Promise<T | null>;
  cursor<K extends CursorKey>(key: K): Promise<CursorValue<K> | null>;
  setCursor<K extends CursorKey>(key: K, value: CursorValue<K>): Promise<void>;
  describe<T>(object: string): Promise<{ body: T; fetchedAt: number } | null>;
  mappingSet<T>(): Promise<{ mappings: T; updatedAt: number } | null>;
  mappingProblems<T>(): Promise<{ problems: T[]; validatedAt: number } | null>;
  /**
   * Runs `fn` in one transaction (nested calls become savepoints). Store calls awaited inside `fn` belong to
   * it; calls from elsewhere wait until it commits or rolls back, so nothing else runs between its steps.
   */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * One claimed unit of queue work (issue 18: several replicas on one database). On PostgreSQL, one
   * transaction: every `peek` inside it locks the rows it returns (`FOR UPDATE SKIP LOCKED`) until `fn`'s
   * results are stored and it commits, so a second engine (a split brain during a failover) skips them and
   * never sends the same change. On SQLite one process owns the file: `fn` runs as it is, and its steps keep
   * their own transactions (holding the file's write lock across Salesforce calls would stall the API).
   */
  claimQueue<T>(fn: () => Promise<T>): Promise<T>;
  /** A counter of the records an error holds back, for one page of rows (one prepared query per store). */
  affectedCounter(): Promise<AffectedCounter>;
  /** A snapshot of the errors for the export, consistent while the sync keeps writing. */
  openExportSnapshot(): Promise<ExportSnapshot>;
  /** False once closed (a Salesforce answer may still arrive while the proxy shuts down). */
  isOpen(): boolean;
  close(): Promise<void>;
}
