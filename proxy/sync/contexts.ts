/**
 * @module What the sync steps receive: the contexts of the two directions and the crash-test hooks.
 * Kept apart from the implementation files so the helpers they call (matching, associations,
 * duplicates) import these types without importing the procedures that call them back (no cycle).
 */
import type { CrmConnector } from '../crm/types';
import type { SalesforceAdapter } from '../salesforce/adapter';
import type { ErrorInput, Store } from '../store';
import type { RetryOptions } from './call-policy';
import type { ObjectMapping } from './default-mapping';
import type { CandidateCache } from './initial-match-keys';

/** What the CRM holds of a record, as last synced: its properties and its company. */
export interface SyncedContent {
  props: Record<string, string | null>;
  companyId: string | null;
}

/** Salesforce → CRM: what a pull, a CRM create or an association needs. */
export interface SfPullContext {
  store: Store;
  salesforce: SalesforceAdapter;
  crm: CrmConnector;
  now: () => number;
  retry: RetryOptions;
  /** Rows last modified by this user are our own writes: filtered in SOQL so they cost no page. */
  integrationUserId: string | null;
  onError: (id: string, e: ErrorInput) => Promise<void>;
  onResolved?: (ids: string[]) => void;
  /** Named points where the crash tests stop the process (never set in production). */
  hooks?: SyncHooks;
}

/** CRM → Salesforce: what a push, its matching and its duplicate details need. */
export interface PushContext {
  store: Store;
  salesforce: SalesforceAdapter;
  crm: CrmConnector;
  now: () => number;
  retry: RetryOptions;
  /** Transient per-record failures are retried this many times before they become errors. */
  maxRecordAttempts: number;
  onError: (id: string, e: ErrorInput) => Promise<void>;
  onResolved: (ids: string[]) => void;
  onRetry: () => void;
  /** Named points where the crash tests stop the process (never set in production). */
  hooks?: SyncHooks;
  /** The inclusion list read this run (inclusion-list.ts): contacts outside it are not pushed. */
  inclusion?: { has(crmId: string): boolean } | null;
  /** Initial matching's reads of the Salesforce side this run (a new cache each drain). */
  candidates?: CandidateCache;
}

export interface SyncHooks {
  /** Salesforce's results of one collection are stored (queue items removed), before the CRM write-back. */
  afterResultsStored?: (info: { crmType: ObjectMapping['crmType']; stored: number }) => void;
  /** A pushed batch's claim is committed (PostgreSQL: its queue rows released), before the next batch. */
  afterBatchCommitted?: (info: { crmType: ObjectMapping['crmType']; handled: number }) => void;
  /** Initial matching's links are stored (with their external id still to stamp), before any write. */
  afterMatchLinked?: (info: { crmType: ObjectMapping['crmType']; linked: number }) => void;
  /** Salesforce-created records were sent to the CRM (it holds them), before their links are stored. */
  afterCrmCreateSent?: (info: { crmType: ObjectMapping['crmType']; sent: number }) => void;
}
