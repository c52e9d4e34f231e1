/** @module Contract of the control routes: settings, notifications, record lookup, usage history, events, sync. */
import { z } from 'zod';
import type { CallKind } from '../call-kinds';
import type { HealthSummaryResponse } from '../health-summary';
import { CATEGORIES, type Category } from '../taxonomy';
import type { ErrorItem, HistoryEntry } from './errors';
import type { SalesforceChanges, SyncState as SyncStateDto } from './sync-state';

export const FREQUENCIES = ['instant', 'daily', 'weekly'] as const;

export const allocationBodySchema = z
  .object({
    allocation: z
      .number({ error: 'must be a number of calls per 24 hours' })
      .int('must be a whole number of calls')
      .positive('must be at least 1'),
  })
  .strict();

/** The share of the org's daily limit the sync leaves to other integrations (0 = off). */
export const HEADROOM_MAX_PERCENT = 90;

export const headroomBodySchema = z
  .object({
    headroomPercent: z
      .number({ error: `must be a whole percent from 0 to ${HEADROOM_MAX_PERCENT}` })
      .int('must be a whole percent')
      .min(0, 'must be at least 0 (0 turns it off)')
      .max(
        HEADROOM_MAX_PERCENT,
        `must be at most ${HEADROOM_MAX_PERCENT}: the sync needs some of the limit to run`,
      ),
  })
  .strict();

/** Bounds of the "Salesforce calls" settings (Settings → Salesforce calls). */
export const SALESFORCE_CALLS_BOUNDS = {
  bulkThreshold: { min: 200, max: 1_000_000 },
  pollMinutes: { min: 1, max: 120 },
  safetyPollHours: { min: 1, max: 72 },
} as const;

const wholeBetween = (min: number, max: number, unit: string, why = '') =>
  z
    .number({ error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .int(`must be a whole number of ${unit}`)
    .min(min, `must be at least ${min}${why}`)
    .max(max, `must be at most ${max}`);

/** PUT /settings/salesforce-calls takes any subset; the floor may not pass the ceiling once merged. */
export const salesforceCallsPatchSchema = z
  .object({
    bulkThreshold: wholeBetween(
      SALESFORCE_CALLS_BOUNDS.bulkThreshold.min,
      SALESFORCE_CALLS_BOUNDS.bulkThreshold.max,
      'records',
      ' (smaller sets already go in one call)',
    ),
    pollFloorMinutes: wholeBetween(
      SALESFORCE_CALLS_BOUNDS.pollMinutes.min,
      SALESFORCE_CALLS_BOUNDS.pollMinutes.max,
      'minutes',
    ),
    pollCeilingMinutes: wholeBetween(
      SALESFORCE_CALLS_BOUNDS.pollMinutes.min,
      SALESFORCE_CALLS_BOUNDS.pollMinutes.max,
      'minutes',
    ),
    safetyPollHours: wholeBetween(
      SALESFORCE_CALLS_BOUNDS.safetyPollHours.min,
      SALESFORCE_CALLS_BOUNDS.safetyPollHours.max,
      'hours',
      '',
    ),
    /** "Copy existing Salesforce records to HubSpot on the first sync". */
    copyExistingToCrm: z.boolean({ error: 'must be true or false' }),
  })
  .partial()
  .strict();

export interface SalesforceCallsAnswer {
  /** Above this many records of one object in one run, writes go through one Bulk API 2.0 job. */
  bulkThreshold: number;
  pollFloorMinutes: number;
  pollCeilingMinutes: number;
  /** Objects followed by change events are still checked this often (hours). */
  safetyPollHours: number;
  /** The first sync copies the records Salesforce already holds (with no HubSpot twin) to HubSpot. */
  copyExistingToCrm: boolean;
  /** What the settings mean, in words. */
  message: string;
}

export const notificationSettingsSchema = z
  .object({
    enabled: z.boolean({ error: 'must be true or false' }),
    frequency: z.enum(FREQUENCIES),
    usageWarningPercent: z
      .number({ error: 'must be a whole percent from 1 to 100' })
      .int('must be a whole percent')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100'),
  })
  .strict();
/** PUT takes any subset of the fields; the answer is the whole saved object. */
export const notificationPatchSchema = notificationSettingsSchema.partial().strict();

const epoch = z
  .string()
  .min(1)
  .transform((s, ctx) => {
    const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(t)) {
      ctx.addIssue({ code: 'custom', message: 'must be a time: epoch milliseconds or an ISO date' });
      return z.NEVER;
    }
    return t;
  });
export const digestQuerySchema = z.object({ since: epoch }).strict();

export const lookupQuerySchema = z
  .object({
    system: z.enum(['hubspot', 'salesforce']),
    objectType: z.string().trim().min(1, 'must name the object (contacts, Contact, …)').max(80),
    id: z.string().trim().min(1, 'must be the record id').max(40),
  })
  .strict();

export const usageHistoryQuerySchema = z
  .object({
    hours: z.coerce
      .number()
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1')
      .max(168, 'must be at most 168 (one week)')
      .optional(),
  })
  .strict();

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
/** The sync state on the wire (running, paused, suspended, degraded): shared/api/sync-state.ts. */
export type { SyncState as SyncStateDto } from './sync-state';

export interface DigestAnswer {
  since: number;
  until: number;
  newErrors: number;
  resolved: number;
  openErrors: number;
  categories: { category: Category; label: string; newErrors: number; resolved: number; open: number }[];
  usage: HealthSummaryResponse['usage'];
  /** One line a notification can show ("7 new sync errors: 5 Picklists, 2 Duplicates"). */
  headline: string;
}

export interface RecordLookupAnswer {
  system: 'hubspot' | 'salesforce';
  objectType: string;
  id: string;
  /** True once the record exists on both sides and is linked. */
  synced: boolean;
  /** Seen by the sync at all (linked, queued or failing). */
  known: boolean;
  crm: { objectType: string; id: string; name: string | null; url: string | null } | null;
  salesforce: { object: string; id: string | null; url: string | null } | null;
  lastSyncedAt: number | null;
  openErrors: ErrorItem[];
  history: HistoryEntry[];
}

export interface HeadroomAnswer {
  /** 0–90; 0 = off. */
  headroomPercent: number;
  /** What the setting means now, in words (with the org's figures when they were seen). */
  message: string;
}

export interface UsageHistoryAnswer {
  /** `byKind` only for hours still in the call log (the last 25), and only kinds with calls. */
  hours: { hour: number; calls: number; byKind?: Partial<Record<CallKind, number>> }[];
  allocation: number;
  forecast: HealthSummaryResponse['usage']['forecast'];
}

export interface SyncStatusAnswer {
  state: SyncStateDto;
  lastSyncAt: number | null;
  queueSize: number;
  totalOpenErrors: number;
  /** How Salesforce changes arrive (change events or polling, and why); absent where no engine says. */
  salesforceChanges?: SalesforceChanges;
}

export interface SyncRunAnswer extends SyncStatusAnswer {
  queuedFromCrm: number;
  processed: number;
  failure?: string;
}

/** The events of GET /events (server-sent): the event name and its JSON data. */
export type HealthEvent =
  | { event: 'counts'; data: HealthSummaryResponse }
  | { event: 'error'; data: { id: string; category: Category; recordName: string | null; summary: string } }
  | { event: 'resolved'; data: { ids: string[] } }
  | { event: 'state'; data: SyncStateDto }
  | { event: 'usage-warning'; data: { kind: 'allocation' | 'org'; percent: number } };

export const EVENT_CATEGORIES = CATEGORIES;

export type ControlApi = {
  'PUT /settings/allocation': {
    body: z.input<typeof allocationBodySchema>;
    response: { allocation: number; previous: number; message: string };
  };
  'GET /settings/headroom': { response: HeadroomAnswer };
  'PUT /settings/headroom': { body: z.input<typeof headroomBodySchema>; response: HeadroomAnswer };
  'GET /settings/salesforce-calls': { response: SalesforceCallsAnswer };
  'PUT /settings/salesforce-calls': {
    body: z.input<typeof salesforceCallsPatchSchema>;
    response: SalesforceCallsAnswer;
  };
  'GET /settings/notifications': { response: NotificationSettings };
  'PUT /settings/notifications': {
    body: z.input<typeof notificationPatchSchema>;
    response: NotificationSettings;
  };
  'GET /notifications/digest': { query: { since: string | number }; response: DigestAnswer };
  'GET /records/lookup': { query: z.input<typeof lookupQuerySchema>; response: RecordLookupAnswer };
  'GET /usage/history': { query: { hours?: number }; response: UsageHistoryAnswer };
  'POST /sync/run': { response: SyncRunAnswer };
  'GET /sync/status': { response: SyncStatusAnswer };
  'POST /suspensions/:id/clear': { params: { id: string }; response: SyncStatusAnswer };
};
