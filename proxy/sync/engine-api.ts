/** @module The sync engine's public shape: what it is built from, what a run reports, what it offers the API. */

import type { PreviewAnswer } from '../../shared/api/preview';
import type { SalesforceChanges } from '../../shared/api/sync-state';
import type { CrmConnector } from '../crm/types';
import type { DescribeResult, SalesforceAdapter } from '../salesforce/adapter';
import type { Store } from '../store';
import type { RetryOptions } from './call-policy';
import type { SyncHooks } from './contexts';
import type { ObjectMapping } from './default-mapping';
import type { JobStatus, ResyncOutcome } from './resync';
import type { SyncEvents, SyncState } from './sync-events';
import type { MappingProblem } from './validate-mappings';

export interface SyncEngineDeps {
  store: Store;
  salesforce: SalesforceAdapter;
  crm: CrmConnector;
  now?: () => number;
  intervalMs?: number;
  instanceUrl: string;
  crmUiBaseUrl: string;
  portalId: string;
  /** The mapping set saved on first start when the store holds none (default: DEFAULT_MAPPINGS). */
  mappings?: ObjectMapping[];
  /** Back-off of transient call failures (tests make it short). */
  retry?: RetryOptions;
  describeTtlMs?: number;
  maxRecordAttempts?: number;
  /** A fixed interval for polling Salesforce (each poll costs one query call per object); unset: adaptive. */
  sfPollMs?: number;
  /** Adaptive polling: the interval right after a change was seen (default: the setting, 1 minute)… */
  sfPollFloorMs?: number;
  /** …doubling while nothing changes, up to this ceiling (default: the setting, 15 minutes). */
  sfPollCeilingMs?: number;
  /** Follow Salesforce changes by Change Data Capture where the org offers it (default true). */
  changeEvents?: boolean;
  /** Objects followed by change events are still polled this often, in case an event was lost (default: the setting, 6 hours). */
  cdcSafetyPollMs?: number;
  /** The integration user's id: its own writes are filtered out of the Salesforce poll. */
  integrationUserId?: string;
  /** Where outage and failed-run lines go (default: the console, `[sync-health] …`, warnings on stderr). */
  log?: (level: 'warn' | 'info', line: string) => void;
  /** Named points where the crash tests stop the process; never set in production. */
  hooks?: SyncHooks;
  /**
   * A newly connected pair writes nothing until the admin accepts a preview (connected mode sets it;
   * the sandbox does not need it). A pair that has synced before is not held.
   */
  requirePreviewAcceptance?: boolean;
}

export interface SyncRunResult {
  state: SyncState;
  queuedFromCrm: number;
  processed: number;
  retriesQueued: number;
  /** Set when the run stopped on a failure that is neither a pause nor a suspension (retried next run). */
  failure?: string;
}

export interface SyncEngine {
  runOnce(): Promise<SyncRunResult>;
  start(): void;
  stop(): Promise<void>;
  resync(errorIds: string[]): Promise<ResyncOutcome[]>;
  resyncAll(category: string): Promise<{ jobId: string }>;
  job(jobId: string): Promise<JobStatus | null>;
  status(): Promise<SyncState>;
  /** How Salesforce changes reach the sync: by change events, by polling, or both (and why). */
  salesforceChanges(): Promise<SalesforceChanges>;
  clearSuspension(
    id: string,
  ): Promise<boolean> /** Checks the mappings against (cached) describes and the CRM's property definitions, now. */;
  validateMappings(): Promise<MappingProblem[]>;
  /** The mapping set in use (kept in the store). */
  mappings(): ObjectMapping[];
  /** HubSpot's label of a mapped property, for the words of the resolution steps (see MappingControl). */
  propertyLabels(): Promise<(crmType: string, property: string) => string | undefined>;
  /** What the last validation found, and when it ran (null before the first run). */
  mappingProblems(): Promise<{ problems: MappingProblem[]; validatedAt: number } | null>;
  /**
   * Validates `next` (shape, then describe + CRM properties) and saves it only if it adds no problem;
   * otherwise throws MappingSetError naming each field, and nothing is saved. Returns the problems
   * the saved set still has (ones that existed before, e.g. a field deleted in the org).
   */
  setMappings(next: unknown): Promise<MappingProblem[]>;
  /** The describe of a mapped object from the describe cache (fetched, one call, only when missing or stale). */
  describeFor(sfObject: string): Promise<DescribeResult | undefined>;
  /** The dry run: what the next sync would do, read from both sides, writing to neither. */
  preview(): Promise<PreviewAnswer>;
  /** Accepts the preview: the first sync of a held pair may write. Returns when it was accepted. */
  acceptPreview(): Promise<number>;
  events: SyncEvents;
}
