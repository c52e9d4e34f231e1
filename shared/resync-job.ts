/** @module A resync's vocabulary, defined once for the store, the engine, the API and the panel. Zod-free. */

/** What a resync did to one error. */
export const RESYNC_OUTCOMES = ['resolved', 'failing', 'not-found'] as const;
export type ResyncOutcomeKind = (typeof RESYNC_OUTCOMES)[number];

/** Where a resync-all job is. */
export const RESYNC_JOB_STATES = ['running', 'done', 'failed'] as const;
export type ResyncJobState = (typeof RESYNC_JOB_STATES)[number];
