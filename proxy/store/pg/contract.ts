/**
 * @module The async store contract the PostgreSQL store implements (issue 18). A colleague's branch makes
 * proxy/store/types.ts say exactly this for every store; until it merges, it is defined here from today's
 * synchronous module interfaces so the PostgreSQL side type-checks. Delete this file once `Store` in
 * types.ts is the async one, and import from there.
 */
import type { ActionLog } from '../action-log';
import type { ExportRow } from '../api-queries';
import type { BulkJobsStore } from '../bulk-jobs';
import type { ErrorWrites } from '../error-writes';
import type { ErrorListFilter, HealthQueries } from '../health-queries';
import type { MappingSetStore } from '../mapping-set';
import type { MatchMemory } from '../match-memory';
import type { RecordRulesStore } from '../record-rules';
import type { ResyncJobs } from '../resync-jobs';
import type { SyncQueries } from '../sync-queries';
import type { SyncStateStore } from '../sync-state';
import type { ErrorRow } from '../types';
import type { UsageLog } from '../usage-log';

/** Every module interface the synchronous `Store` extends today. */
export type StoreMethods = ErrorWrites &
  HealthQueries &
  SyncStateStore &
  SyncQueries &
  UsageLog &
  MappingSetStore &
  ResyncJobs &
  MatchMemory &
  BulkJobsStore &
  ActionLog &
  RecordRulesStore;

/** Each method of T, returning a promise of what it returned. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : T[K];
};

export type AffectedCounter = (
  row: Pick<ErrorRow, 'blockingType' | 'blockingId' | 'status' | 'affectedRecords'>,
) => Promise<number>;

/** The export's consistent read: page by page through a server-side cursor. Close it when done. */
export interface AsyncExportSnapshot {
  pages(filter: ErrorListFilter, pageSize?: number): AsyncGenerator<ExportRow[]>;
  close(): Promise<void>;
}

export interface AsyncStore extends Async<StoreMethods> {
  /** Runs `fn` in one transaction; every store call inside it uses the transaction (nested: savepoints). */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  affectedCounter(): Promise<AffectedCounter>;
  openExportSnapshot(): Promise<AsyncExportSnapshot>;
  isOpen(): boolean;
  close(): Promise<void>;
}
