/**
 * @module The sync's settings as stored (one JSON value): defaults filled in on read, a patch merged and
 * range-checked on write. Pure, so the SQLite and PostgreSQL stores keep settings the same way.
 */
import { DEFAULT_SETTINGS, type Settings } from './types';

/** The stored value (possibly from an older version, with keys missing) with every default filled in. */
export function settingsFrom(s: Partial<Settings>): Settings {
  return {
    allocation: s.allocation ?? DEFAULT_SETTINGS.allocation,
    notifications: { ...DEFAULT_SETTINGS.notifications, ...s.notifications },
    retry: { ...DEFAULT_SETTINGS.retry, ...s.retry },
    bulkThreshold: s.bulkThreshold ?? DEFAULT_SETTINGS.bulkThreshold,
    headroomPercent: s.headroomPercent ?? DEFAULT_SETTINGS.headroomPercent,
    pollFloorMinutes: s.pollFloorMinutes ?? DEFAULT_SETTINGS.pollFloorMinutes,
    pollCeilingMinutes: s.pollCeilingMinutes ?? DEFAULT_SETTINGS.pollCeilingMinutes,
    safetyPollHours: s.safetyPollHours ?? DEFAULT_SETTINGS.safetyPollHours,
    copyExistingToCrm: s.copyExistingToCrm ?? DEFAULT_SETTINGS.copyExistingToCrm,
  };
}

/**
 * `cur` with `patch` applied. Throws a RangeError in words (and nothing is saved) when a value is out of
 * range; the routes validate with zod first, so this guards the store's other callers.
 */
export function mergeSettings(cur: Settings, patch: Partial<Settings>): Settings {
  const next: Settings = {
    allocation: patch.allocation ?? cur.allocation,
    notifications: { ...cur.notifications, ...patch.notifications },
    retry: { ...cur.retry, ...patch.retry },
    bulkThreshold: patch.bulkThreshold ?? cur.bulkThreshold,
    headroomPercent: patch.headroomPercent ?? cur.headroomPercent,
    pollFloorMinutes: patch.pollFloorMinutes ?? cur.pollFloorMinutes,
    pollCeilingMinutes: patch.pollCeilingMinutes ?? cur.pollCeilingMinutes,
    safetyPollHours: patch.safetyPollHours ?? cur.safetyPollHours,
    copyExistingToCrm: patch.copyExistingToCrm ?? cur.copyExistingToCrm,
  };
  if (
    !Number.isInteger(next.pollFloorMinutes) ||
    !Number.isInteger(next.pollCeilingMinutes) ||
    next.pollFloorMinutes < 1 ||
    next.pollCeilingMinutes < next.pollFloorMinutes
  ) {
    throw new RangeError(
      `Invalid polling ${next.pollFloorMinutes}–${next.pollCeilingMinutes} minutes: use whole minutes, at least 1, the first not above the second`,
    );
  }
  if (!Number.isInteger(next.safetyPollHours) || next.safetyPollHours < 1) {
    throw new RangeError(`Invalid safety poll ${next.safetyPollHours}: use whole hours, at least 1`);
  }
  if (!Number.isInteger(next.headroomPercent) || next.headroomPercent < 0 || next.headroomPercent > 90) {
    throw new RangeError(
      `Invalid headroom ${next.headroomPercent}: use a whole percent of the org's daily limit from 0 to 90`,
    );
  }
  if (!Number.isInteger(next.bulkThreshold) || next.bulkThreshold < 200) {
    throw new RangeError(
      `Invalid bulk threshold ${next.bulkThreshold}: use a whole number of records, at least 200 (one collection)`,
    );
  }
  if (!Number.isInteger(next.allocation) || next.allocation < 1) {
    throw new RangeError(
      `Invalid allocation ${next.allocation}: use a whole number of calls per 24 h, at least 1`,
    );
  }
  return next;
}
