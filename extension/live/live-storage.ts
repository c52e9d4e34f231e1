/**
 * @module Everything the live health keeps in extension storage, in one place. An MV3 service worker is
 * stopped when idle and loses its memory: what must outlive it (the stream's resume point, the digest
 * clock, the view a clicked notification asks for) lives here, with defaults and versions.
 */
import { storage } from '#imports';
import type { Category } from '../../shared/taxonomy';

/** When the last digest was shown: the next digest covers what came after (0 = none yet). */
export const lastDigestAt = storage.defineItem<number>('local:lastDigestAt', { fallback: 0, version: 1 });

/**
 * The id of the last event read from GET /events. Kept for the browser session only: a new session
 * starts from a fresh snapshot, while a service worker that was stopped resumes where it left off and
 * still notifies about errors recorded while it slept.
 */
export const lastEventId = storage.defineItem<string | null>('session:lastEventId', {
  fallback: null,
  version: 1,
});

/** The view a clicked notification asks for; a side panel that opens later reads it, then clears it. */
export const pendingView = storage.defineItem<{ view: 'category'; category: Category } | null>(
  'session:pendingView',
  { fallback: null, version: 1 },
);

/**
 * Tabs whose badge carries a record's own count. Chrome keeps a tab's badge after the worker stops, so
 * the list must outlive the worker too, or a stale record count would stay on a tab for good.
 */
export const recordBadgeTabs = storage.defineItem<number[]>('session:recordBadgeTabs', {
  fallback: [],
  version: 1,
});

/**
 * The outage last announced by a notification (`<system>:<since>`), so that the state events of its
 * later failed attempts, or a worker woken mid-outage, do not announce it again; null when none is on.
 */
export const notifiedOutage = storage.defineItem<string | null>('session:notifiedOutage', {
  fallback: null,
  version: 1,
});
