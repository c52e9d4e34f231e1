import { describe, expect, it } from 'vitest';
import type { RecordLookupAnswer } from '../../shared/api/control';
import type { ErrorItem } from '../../shared/api/errors';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import { CATEGORIES } from '../../shared/taxonomy';
import { BADGE_COLORS, badgeFor, countText, recordBadgeFor } from './badge';
import { backoffDelay } from './event-stream';

const summary = (
  counts: Partial<Record<string, number>>,
  state: HealthSummaryResponse['state'] = { state: 'running' },
): HealthSummaryResponse => ({
  state,
  usage: {
    syncCalls24h: 0,
    allocation: 5000,
    allocationPercent: 0,
    org: null,
    forecast: { callsPerHour: 0, exhaustedAt: null },
  },
  categories: CATEGORIES.map((category) => ({
    category,
    openErrors: counts[category] ?? 0,
    affectedRecords: 0,
  })),
  totalOpenErrors: Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0),
  queueSize: 0,
  lastSyncAt: null,
});

describe('badge', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [99, '99'],
    [100, '99+'],
    [12_345, '99+'],
  ])('shows %i open errors as "%s"', (n, text) => {
    expect(countText(n)).toBe(text);
  });

  it('shows the error count in the error colour with a tooltip naming the categories', () => {
    const look = badgeFor({ kind: 'live', summary: summary({ picklists: 5, duplicates: 2 }), since: 0 });
    expect(look).toMatchObject({ text: '7', color: BADGE_COLORS.errors });
    expect(look.title).toContain('7 open sync errors');
    expect(look.title).toMatch(/Picklists 5, Duplicates 2/);
  });

  it('is empty and green when nothing fails', () => {
    expect(badgeFor({ kind: 'live', summary: summary({}), since: 0 })).toMatchObject({
      text: '',
      color: BADGE_COLORS.ok,
    });
  });

  it('says when the proxy is unreachable or the extension not paired, in another colour', () => {
    const off = badgeFor({ kind: 'unreachable', message: 'x', retryAt: 0 });
    expect(off).toMatchObject({ text: 'off', color: BADGE_COLORS.offline });
    expect(off.title).toContain('npm start');
    expect(badgeFor({ kind: 'not-paired', message: 'Paste the token.' })).toMatchObject({
      text: '!',
      color: BADGE_COLORS.attention,
    });
  });

  it('marks a paused sync even when no record fails', () => {
    const look = badgeFor({
      kind: 'live',
      summary: summary({}, { state: 'paused', reason: 'budget', resumeAt: 1 } as never),
      since: 0,
    });
    expect(look.text).toBe('!');
    expect(look.title).toContain('paused');
  });

  it("says a sync paused by the headroom is leaving the org's limit to other integrations, not out of allocation", () => {
    const look = badgeFor({
      kind: 'live',
      summary: summary({}, { state: 'paused', reason: 'org low', resumeAt: 1, cause: 'headroom' } as never),
      since: 0,
    });
    expect(look.title).toContain("leaving the rest of the org's daily limit to other integrations");
    expect(look.title).not.toContain('allocation used up');
  });

  it.each([
    [{}, '!'],
    [{ picklists: 3 }, '3'],
  ])(
    'shows an outage in its own colour, with the system, the reason and what waits (errors %o)',
    (counts, text) => {
      const outage = {
        state: 'degraded',
        system: 'salesforce',
        reason: 'Salesforce is unavailable (HTTP 503 SERVER_UNAVAILABLE: Server too busy).',
        since: 1,
        retryAt: 2,
        queued: 42,
        failures: 3,
      } as const;
      const look = badgeFor({ kind: 'live', summary: summary(counts, outage), since: 0 });
      expect(look).toMatchObject({ text, color: BADGE_COLORS.outage });
      expect(look.title).toContain('Salesforce outage, the sync is waiting (42 changes held)');
      expect(look.title).toContain('HTTP 503');
    },
  );
});

describe('record badge', () => {
  const global = badgeFor({ kind: 'live', summary: summary({ picklists: 12 }), since: 0 });
  const lookup = (over: Partial<RecordLookupAnswer>): RecordLookupAnswer => ({
    system: 'hubspot',
    objectType: 'contacts',
    id: '1',
    synced: false,
    known: true,
    crm: null,
    salesforce: null,
    lastSyncedAt: null,
    openErrors: [],
    history: [],
    ...over,
  });
  const error = (summaryText: string) => ({ summary: summaryText, message: 'raw' }) as unknown as ErrorItem;

  it("shows the record's own count with a tooltip saying it is this record's, and the global count", () => {
    const look = recordBadgeFor(
      lookup({ openErrors: [error("'Podcast' is not a Lead Source value")] }),
      global,
    );
    expect(look).toMatchObject({ text: '1', color: BADGE_COLORS.errors });
    expect(look?.title).toContain("this record has 1 open sync error ('Podcast' is not a Lead Source value)");
    expect(look?.title).toContain('All records: 12 open sync errors');
  });

  it('shows a check on a synced record without errors', () => {
    expect(recordBadgeFor(lookup({ synced: true }), global)).toMatchObject({
      text: '✓',
      color: BADGE_COLORS.ok,
    });
  });

  it('leaves the global badge on a record the sync has not synced yet', () => {
    expect(recordBadgeFor(lookup({ synced: false, known: false }), global)).toBeNull();
  });
});

describe('reconnect backoff', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [4, 16_000],
    [5, 30_000],
    [50, 30_000],
  ])('waits %i failures → %i ms', (failures, ms) => {
    expect(backoffDelay(failures)).toBe(ms);
  });
});
