/**
 * @module Every key of the `cursors` table with the shape its value must have, checked on read: a
 * value from an older version or a damaged file is ignored (and rebuilt by its owner), never trusted.
 */
import { z } from 'zod';
import type { SetupResponse } from '../../shared/api/setup';
import type { SyncState } from '../../shared/api/sync-state';

const stampCursor = z.object({ stamp: z.string(), id: z.string() });
const crmCursor = z.object({ updatedAt: z.string(), id: z.string() });

/** Keys with one value each. */
export const CURSORS = {
  /** The sync's suspension (one reason and action for the whole sync), absent when not suspended. */
  suspension: z.object({
    state: z.literal('suspended'),
    id: z.string(),
    reason: z.string(),
    action: z.string(),
    since: z.number(),
    retryAt: z.number().nullable(),
  }),
  /** When Salesforce was last polled for changes (ms). */
  sf_poll_at: z.number(),
  /** When a sync run last finished (ms). */
  last_sync_at: z.number(),
  /** Hash of the mapping set last validated against the describes. */
  mapping_fingerprint: z.string(),
  /** Which usage warnings were already sent in this window. */
  usage_warned: z.object({ allocation: z.boolean(), org: z.boolean() }),
  /** When the admin accepted the dry run of a newly connected pair (ms); its first write waits for it. */
  preview_accepted: z.object({ at: z.number() }),
  /** The outage the last run found (the `degraded` state), kept so a restart still shows it until a run succeeds. */
  outage: z.object({
    state: z.literal('degraded'),
    system: z.enum(['salesforce', 'hubspot']),
    reason: z.string(),
    since: z.number(),
    retryAt: z.number(),
    queued: z.number(),
    failures: z.number(),
  }),
  /** The HubSpot portal's time zone (IANA name) as last read: its daily limit resets at midnight there. */
  crm_time_zone: z.string(),
  /**
   * The last setup check's answer and the describes it saw (a fingerprint): Settings shows it without
   * spending calls until the admin checks again, fields are created, or a describe changes.
   */
  setup_check: z.object({
    describes: z.string(),
    response: z.custom<SetupResponse>(
      (v) => typeof v === 'object' && v !== null && Array.isArray((v as SetupResponse).items),
    ),
  }),
  /** Change Data Capture: per object, the replay id of the last change event whose changes were pulled. */
  cdc_replay: z.record(z.string(), z.number().int()),
  /** When the objects covered by change events were last polled anyway (the slow safety poll, ms). */
  cdc_safety_poll_at: z.number(),
  /**
   * The inclusion list's members as last read, with the list's version (members and definition): the
   * next run reads them again only when HubSpot's version differs; joins and leaves are the difference.
   */
  /**
   * Whose sync a PostgreSQL store holds (`serve --database`): one database is one identity's store, so the
   * sandbox and a connected pair (or two pairs) never mix their links and errors in it.
   */
  store_identity: z.object({ key: z.string(), label: z.string() }),
  /** Which replica of `serve --database` runs the sync, since when (it holds the leader lock; issue 18). */
  sync_leader: z.object({ replica: z.string(), since: z.number() }),
  /** The leader's sync state as it last announced it: what a standby replica's GET /sync/status shows. */
  sync_state: z.custom<SyncState>(
    (v) => typeof v === 'object' && v !== null && typeof (v as SyncState).state === 'string',
  ),
  /** When the CRM's archived records were last looked at for deletes and merges (ms). */
  crm_deletes_at: z.number(),
  /**
   * "Delete in Salesforce too" that Salesforce refused, by `<crmType>:<crmId>`: the open error, how many
   * times it was refused, and when the deletes look asks again (its one retry path; ms).
   */
  crm_delete_refusals: z.record(
    z.string(),
    z.object({ errorId: z.string(), attempts: z.number().int(), nextAt: z.number() }),
  ),
  inclusion_list: z.object({
    listId: z.string(),
    name: z.string(),
    version: z.string(),
    members: z.array(z.string()),
  }),
};

/** Keys made of a prefix and a name: `sf:<object>` (SystemModstamp + Id), `crm:<type>` (updatedAt + id). */
export const CURSOR_PREFIXES = {
  'sf:': stampCursor,
  'crm:': crmCursor,
};

export type CursorKey = keyof typeof CURSORS | `sf:${string}` | `crm:${string}`;

export type CursorValue<K extends CursorKey> = K extends keyof typeof CURSORS
  ? z.infer<(typeof CURSORS)[K]>
  : K extends `sf:${string}`
    ? z.infer<typeof stampCursor>
    : z.infer<typeof crmCursor>;

function schemaOf(key: string): z.ZodType | undefined {
  if (key in CURSORS) return CURSORS[key as keyof typeof CURSORS];
  const prefix = Object.keys(CURSOR_PREFIXES).find((p) => key.startsWith(p));
  return prefix ? CURSOR_PREFIXES[prefix as keyof typeof CURSOR_PREFIXES] : undefined;
}

/**
 * The stored text of `key` as its registered shape, or null (with a console line naming the key,
 * never the value) when it is not JSON or not that shape.
 */
export function readCursor<K extends CursorKey>(key: K, text: string): CursorValue<K> | null {
  const schema = schemaOf(key);
  if (!schema) throw new Error(`Cursor key "${key}" is not registered in proxy/store/cursor-keys.ts`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as CursorValue<K>;
  console.warn(
    `[sync-health] the stored cursor "${key}" in sync.db is damaged or from another version; starting it afresh.`,
  );
  return null;
}
