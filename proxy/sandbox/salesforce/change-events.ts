/**
 * @module Change Data Capture in the embedded org: every committed record write of an object whose
 * change events are enabled becomes a change event (ChangeEventHeader as Salesforce sends it), kept
 * 72 hours with a growing replay id, for the CometD routes to deliver (`cometd-routes.ts`).
 *
 * Salesforce: an org selects the objects that publish change events (Setup → Change Data Capture);
 * events are retained 72 hours; each event delivered to a CometD client counts against the org's
 * daily event delivery allocation, not against its daily API requests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { OrgState, SfRecord } from './org-state';

export const RETENTION_MS = 72 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Developer Edition's event delivery allocation (DailyDeliveredPlatformEvents in /limits). */
export const DEFAULT_DELIVERY_ALLOCATION = 10_000;

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: ChangeType;
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  nulledFields: string[];
  diffFields: string[];
  changedFields: string[];
}

export interface StoredChangeEvent {
  replayId: number;
  /** `/data/ContactChangeEvent` */
  channel: string;
  payload: { ChangeEventHeader: ChangeEventHeader } & Record<string, unknown>;
}

export interface ChangeEventLog {
  /** Objects whose change events are enabled (Setup → Change Data Capture → Selected Entities). */
  enabled: string[];
  events: StoredChangeEvent[];
  nextReplayId: number;
  /** The highest replay id dropped after its 72 hours: replaying from before it is refused. */
  expiredThrough: number;
  /** [second (ms), events] buckets of the rolling 24-hour delivery count. */
  deliveries: Array<[number, number]>;
  deliveryAllocation: number;
  commitNumber: number;
}

/** Where the log lives: in the org state, so it survives a restart of the org like Salesforce's retention. */
export function changeLog(state: OrgState): ChangeEventLog {
  const s = state as OrgState & { changeEvents?: ChangeEventLog };
  s.changeEvents ??= {
    enabled: [],
    events: [],
    nextReplayId: 1,
    expiredThrough: 0,
    deliveries: [],
    deliveryAllocation: DEFAULT_DELIVERY_ALLOCATION,
    commitNumber: 1,
  };
  return s.changeEvents;
}

export const channelOf = (object: string) => `/data/${object}ChangeEvent`;
export const ALL_CHANGES = '/data/ChangeEvents';

/** The object a per-object channel is for (`/data/ContactChangeEvent` → Contact), else null. */
export function objectOfChannel(channel: string): string | null {
  const m = /^\/data\/(\w+?)ChangeEvent$/.exec(channel);
  return m ? m[1] : null;
}

export function setChangeEventsEnabled(state: OrgState, object: string, enabled: boolean): void {
  const log = changeLog(state);
  const rest = log.enabled.filter((o) => o !== object);
  log.enabled = enabled ? [...rest, object] : rest;
}

// Pending CometD connects waiting for events, per org state (a reset org gets a new set).
const waiters = new WeakMap<OrgState, Set<() => void>>();

/** Calls `wake` at the next published event; returns the function that stops listening. */
export function onPublished(state: OrgState, wake: () => void): () => void {
  let set = waiters.get(state);
  if (!set) {
    set = new Set();
    waiters.set(state, set);
  }
  set.add(wake);
  return () => set.delete(wake);
}

export interface CommittedChange {
  object: string;
  before: SfRecord | undefined;
  after: SfRecord;
}

// Stamps that change on every write: Salesforce lists LastModifiedDate in changedFields, never these.
const NOT_LISTED = new Set(['SystemModstamp', 'Id', 'IsDeleted']);

function changeTypeOf(before: SfRecord | undefined, after: SfRecord): ChangeType | null {
  if (!before) return after.IsDeleted ? null : 'CREATE';
  if (!before.IsDeleted && after.IsDeleted) return 'DELETE';
  if (before.IsDeleted && !after.IsDeleted) return 'UNDELETE';
  return before.IsDeleted ? null : 'UPDATE';
}

// The API request being served: its writes' change events name it in changeOrigin.
const origins = new AsyncLocalStorage<string>();

/**
 * Runs an API request's handler with its changeOrigin: `com/salesforce/api/rest/62.0`, plus
 * `;client=<name>` when the caller sent `Sforce-Call-Options: client=<name>` (how an integration
 * recognises its own changes coming back). Writes outside a request (edits in the UI) have none.
 */
export function withChangeOrigin<T>(version: string, callOptions: string | undefined, fn: () => T): T {
  const client = /(?:^|[,;\s])client=([^,;\s]+)/.exec(callOptions ?? '')?.[1];
  return origins.run(
    `com/salesforce/api/rest/${version.replace(/^v/, '')}${client ? `;client=${client}` : ''}`,
    fn,
  );
}

/**
 * The hook every committed write calls (API transactions in record-table.ts, UI edits in
 * direct-writes.ts): one change event per record of an enabled object, all of one commit sharing its
 * transactionKey. `origin` is what Salesforce puts in changeOrigin (empty for edits in the UI).
 */
export function recordsCommitted(
  state: OrgState,
  changes: CommittedChange[],
  origin = origins.getStore() ?? '',
): void {
  const log = changeLog(state);
  if (!log.enabled.length) return;
  const transactionKey = randomUUID();
  let sequence = 0;
  let published = false;
  for (const { object, before, after } of changes) {
    if (!log.enabled.includes(object)) continue;
    const changeType = changeTypeOf(before, after);
    if (!changeType) continue;
    const fields =
      changeType === 'CREATE' || changeType === 'UNDELETE'
        ? Object.keys(after).filter((f) => !NOT_LISTED.has(f) && after[f] !== null)
        : changeType === 'DELETE'
          ? []
          : Object.keys(after).filter(
              (f) => !NOT_LISTED.has(f) && JSON.stringify(after[f]) !== JSON.stringify(before?.[f]),
            );
    const commitTimestamp = Date.parse(String(after.SystemModstamp));
    const header: ChangeEventHeader = {
      entityName: object,
      recordIds: [after.Id],
      changeType,
      changeOrigin: origin,
      transactionKey,
      sequenceNumber: ++sequence,
      commitTimestamp,
      commitNumber: log.commitNumber,
      commitUser: String(after.LastModifiedById ?? ''),
      nulledFields:
        changeType === 'UPDATE' ? fields.filter((f) => after[f] === null || after[f] === undefined) : [],
      diffFields: [],
      changedFields: changeType === 'UPDATE' ? fields : [],
    };
    // CREATE and UNDELETE carry every non-null field; UPDATE only the changed ones; DELETE none.
    const values = changeType === 'DELETE' ? [] : fields.filter((f) => after[f] !== null);
    log.events.push({
      replayId: log.nextReplayId++,
      channel: channelOf(object),
      payload: { ChangeEventHeader: header, ...Object.fromEntries(values.map((f) => [f, after[f]])) },
    });
    published = true;
  }
  log.commitNumber++;
  if (!published) return;
  const set = waiters.get(state);
  if (set) for (const wake of [...set]) wake();
}

/** Drops events older than 72 hours (by commit time). */
export function expire(state: OrgState, now: number): void {
  const log = changeLog(state);
  const first = log.events.findIndex((e) => e.payload.ChangeEventHeader.commitTimestamp > now - RETENTION_MS);
  const drop = first === -1 ? log.events.length : first;
  if (drop === 0) return;
  log.expiredThrough = log.events[drop - 1].replayId;
  log.events.splice(0, drop);
}

/** Whether a stored replay id can be replayed from: -1 (new only), -2 (all retained), or one still retained. */
export function validReplayFrom(state: OrgState, replayId: number): boolean {
  if (replayId === -1 || replayId === -2) return true;
  const log = changeLog(state);
  return Number.isInteger(replayId) && replayId >= log.expiredThrough && replayId < log.nextReplayId;
}

/** Retained events of `channel` after `replayId` (the generic channel carries every object's). */
export function eventsAfter(state: OrgState, channel: string, replayId: number): StoredChangeEvent[] {
  const log = changeLog(state);
  const object = objectOfChannel(channel);
  return log.events.filter(
    (e) =>
      e.replayId > replayId &&
      (channel === ALL_CHANGES || e.payload.ChangeEventHeader.entityName === object) &&
      log.enabled.includes(e.payload.ChangeEventHeader.entityName),
  );
}

/** The last replay id given so far (what -1 starts after). */
export const lastReplayId = (state: OrgState) => changeLog(state).nextReplayId - 1;

export function deliveredToday(state: OrgState, now: number): number {
  const log = changeLog(state);
  log.deliveries = log.deliveries.filter(([second]) => second > now - DAY_MS);
  return log.deliveries.reduce((sum, [, n]) => sum + n, 0);
}

export function countDeliveries(state: OrgState, now: number, n: number): void {
  if (n === 0) return;
  const log = changeLog(state);
  const second = Math.floor(now / 1000) * 1000;
  const last = log.deliveries[log.deliveries.length - 1];
  if (last && last[0] === second) last[1] += n;
  else log.deliveries.push([second, n]);
}
