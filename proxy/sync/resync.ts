/** @module Resync on demand: ≤100 errors per call in as few Salesforce calls as possible; queued jobs beyond. */

import { randomUUID } from 'node:crypto';
import { RESYNC_LIMIT } from '../../shared/limits';
import type { ResyncJobState, ResyncOutcomeKind } from '../../shared/resync-job';
import type { CrmConnector } from '../crm/types';
import type { CrmType, ErrorCategory, ErrorRow, Store } from '../store';
import { isCrmAssociationError, requeueAssociationError } from './association-errors';
import { mappingFor, type ObjectMapping } from './default-mapping';
import { type PushPayload, refetch } from './push-to-salesforce';

export const RESYNC_MAX = RESYNC_LIMIT;

/** Errors a change in Setup fixes, seen only through a fresh describe. */
const DESCRIBE_CAUSED = new Set<string>(['picklists', 'permissions', 'property-mappings', 'property-values']);

export interface ResyncOutcome {
  id: string;
  outcome: ResyncOutcomeKind;
  /** The error the record fails with now (the same one, or a new cause). */
  error?: ErrorRow | { code: string; message: string };
}

/** A resync-all job as the API shows it (kept in the store: it survives a restart). */
export interface JobStatus {
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

interface ResyncDeps {
  store: Store;
  crm: CrmConnector;
  mappings: () => ObjectMapping[];
  now: () => number;
  /** Pushes what is queued, first fetching again the describes of the objects named. */
  drain: (refreshDescribes: string[]) => Promise<{ failure?: string }>;
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function createResync(deps: ResyncDeps) {
  const { store } = deps;
  let worker: Promise<void> | null = null;
  let stopping = false;

  async function resyncNow(errorIds: string[]): Promise<ResyncOutcome[]> {
    const errors: { id: string; found: ErrorRow | null }[] = [];
    for (const id of errorIds) errors.push({ id, found: (await store.getError(id))?.error ?? null });
    const byType = new Map<CrmType, Set<string>>();
    // A CRM association that failed is made again from what Salesforce said (kept in the error), not
    // pushed: a push would send the CRM's old company back to Salesforce.
    const associating = new Set<string>();
    // A record made in Salesforce that the CRM refused (`sf:<id>`) is re-read from Salesforce — its
    // own object, a Lead from Lead — and created again, as the automatic retry does.
    const fromSalesforce = errors.filter((e) => e.found?.crmId.startsWith('sf:'));
    for (const e of errors)
      if (e.found && !isCrmAssociationError(e.found) && !e.found.crmId.startsWith('sf:'))
        byType.set(e.found.crmType, (byType.get(e.found.crmType) ?? new Set()).add(e.found.crmId));
    // Re-read the current records from their source, one batch per object type.
    const current = new Map<string, PushPayload>();
    for (const [type, ids] of byType) {
      const got = await refetch(deps.crm, mappingFor(deps.mappings(), type), [...ids]);
      for (const [id, data] of got) current.set(`${type}:${id}`, { ...data, reason: 'resync' });
    }
    await store.tx(async () => {
      for (const [key, payload] of current) {
        const [type, id] = key.split(':') as [CrmType, string];
        await store.enqueue('to-sf', type, id, payload, deps.now());
      }
      for (const { id, found } of errors)
        if (
          found &&
          isCrmAssociationError(found) &&
          (await requeueAssociationError(store, found, deps.now()))
        )
          associating.add(id);
      for (const { id, found } of fromSalesforce) {
        if (!found || (await store.isQueued('to-crm', found.crmType, found.crmId.slice(3)))) continue;
        await store.enqueue(
          'to-crm',
          found.crmType,
          found.crmId.slice(3),
          { refetch: true, reason: 'resync' },
          deps.now(),
        );
        associating.add(id);
      }
    });
    const describeCaused = new Set(
      errors.flatMap((e) => (e.found && DESCRIBE_CAUSED.has(e.found.category) ? [e.found.sfObject] : [])),
    );
    const run = await deps.drain([...describeCaused]);
    const paused = await store.hasCursor('suspension');
    const outcome = async ({ id, found }: (typeof errors)[number]): Promise<ResyncOutcome> => {
      const queued = associating.has(id);
      if (!found || (!queued && !current.has(`${found.crmType}:${found.crmId}`)))
        return { id, outcome: 'not-found' };
      const now = (await store.getError(id))?.error;
      if (now?.status === 'open') return { id, outcome: 'failing', error: now };
      const sfId = found.crmId.startsWith('sf:') ? found.crmId.slice(3) : (found.sfId ?? '');
      if (queued && !(await store.isQueued('to-crm', found.crmType, sfId)) && !paused && !run.failure)
        return { id, outcome: 'resolved' };
      const still = (await store.recordLookup('hubspot', found.crmType, found.crmId)).openErrors[0];
      if (still) return { id, outcome: 'failing', error: still };
      if ((await store.isQueued('to-sf', found.crmType, found.crmId)) || paused || run.failure) {
        const message =
          run.failure ?? 'The sync is paused or suspended; the record stays queued and syncs when it resumes';
        return { id, outcome: 'failing', error: { code: 'PENDING', message } };
      }
      return { id, outcome: 'resolved' };
    };
    const outcomes: ResyncOutcome[] = [];
    for (const e of errors) outcomes.push(await outcome(e));
    return outcomes;
  }

  /** Works through every running job, oldest first, one batch of 100 ids at a time. */
  async function work(): Promise<void> {
    for (
      let jobId = (await store.runningJobIds())[0];
      jobId && !stopping;
      jobId = (await store.runningJobIds())[0]
    ) {
      try {
        const ids = await store.pendingJobItems(jobId, RESYNC_MAX);
        if (!ids.length) {
          await store.finishJob(jobId, deps.now());
          continue;
        }
        const outcomes = await deps.exclusive(() => resyncNow(ids));
        await store.recordJobOutcomes(jobId, outcomes);
      } catch (err) {
        await store.finishJob(jobId, deps.now(), err instanceof Error ? err.message : String(err));
      }
    }
  }

  /** Starts the job worker unless it runs already (after a restart, the engine calls it on start). */
  function resumeJobs(): void {
    if (worker || stopping) return;
    worker = work()
      .catch(() => undefined)
      .finally(async () => {
        worker = null;
        // A job queued while the worker was finishing would otherwise wait for the next restart.
        try {
          if (!stopping && (await store.runningJobIds()).length) resumeJobs();
        } catch {}
      });
  }

  return {
    /** Re-reads and pushes the records behind these errors; one outcome per id, in order. */
    resync(errorIds: string[]): Promise<ResyncOutcome[]> {
      if (errorIds.length > RESYNC_MAX) {
        return Promise.reject(
          new RangeError(
            `Too many errors (${errorIds.length}): resync at most ${RESYNC_MAX} per request, or resync all of a type`,
          ),
        );
      }
      return deps.exclusive(() => resyncNow([...new Set(errorIds)]));
    },
    /** Queues a resync of every open error of a category, 100 at a time; the job is kept in the store. */
    async resyncAll(category: string): Promise<{ jobId: string }> {
      const ids = await store.openErrorIds(category as ErrorCategory);
      const jobId = randomUUID();
      await store.createJob(jobId, category, ids, deps.now());
      resumeJobs();
      return { jobId };
    },
    resumeJobs,
    /** Lets the job worker finish its current batch and stop; the rest waits in the store. */
    async stop(): Promise<void> {
      stopping = true;
      await worker;
      stopping = false;
    },
    async job(jobId: string): Promise<JobStatus | null> {
      const row = await store.resyncJob(jobId);
      if (!row) return null;
      const { createdAt: _c, finishedAt: _f, ...status } = row;
      return status;
    },
  };
}
