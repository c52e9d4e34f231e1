/**
 * @module Numbers both sides use, written once. No zod here: the side panel imports this file and its
 * bundle should not carry a schema library for a few constants.
 */

/** Errors one "Resync selected" request may carry (the anchor product's limit); past it, "Resync all" queues a job. */
export const RESYNC_LIMIT = 100;

export const HOUR_MS = 3_600_000;

/** The rolling window of Salesforce's daily API limit, and the longest retry back-off. */
export const DAY_MS = 24 * HOUR_MS;
