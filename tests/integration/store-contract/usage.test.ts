import { expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../proxy/store/index';
import { HOUR_MS } from '../../../shared/limits';
import { describeStores } from './stores';

describeStores('usage log and settings', (kit) => {
  it('counts API calls in a rolling 24-hour window and keeps hourly history', async () => {
    const store = await kit.open();
    await store.logCall(0, 'query');
    await store.logCall(HOUR_MS, 'upsert');
    await store.logCall(2 * HOUR_MS, 'upsert');
    expect(await store.calls24h(24 * HOUR_MS + 1)).toBe(2);
    expect(await store.windowFreesAt(24 * HOUR_MS + 1)).toBe(25 * HOUR_MS);
    expect((await store.usageHistory(3, 2 * HOUR_MS)).map((h) => h.calls)).toEqual([1, 1, 1]);
    expect(await store.nthCallAfter(0, 0)).toBe(HOUR_MS);
    expect(await store.nthCallAfter(0, 1)).toBe(2 * HOUR_MS);
    expect(await store.nthCallAfter(0, 2)).toBeNull();
  });

  it('forgets calls older than the window and hours older than eight days when pruned', async () => {
    const store = await kit.open();
    const now = 10 * 24 * HOUR_MS;
    await store.logCall(now - 9 * 24 * HOUR_MS, 'old');
    await store.logCall(now - 26 * HOUR_MS, 'yesterday');
    await store.logCall(now - HOUR_MS, 'recent');
    await store.prune(now);
    expect(await store.nthCallAfter(0, 0)).toBe(now - HOUR_MS);
    const history = await store.usageHistory(10 * 24, now);
    expect(history.reduce((n, h) => n + h.calls, 0)).toBe(2);
  });

  it('forecasts when the allocation runs out at the last hour rate', async () => {
    const store = await kit.open();
    await store.setSettings({ allocation: 100 });
    for (let i = 0; i < 10; i++) await store.logCall(1000 + i, 'upsert');
    const usage = await store.usage(HOUR_MS);
    expect(usage).toMatchObject({ syncCalls24h: 10, allocation: 100, allocationPercent: 10, org: null });
    expect(usage.forecast).toEqual({ callsPerHour: 10, exhaustedAt: HOUR_MS + 9 * HOUR_MS });
  });

  it('counts the rolling 24 hours by kind, every kind listed, and splits history hours by kind', async () => {
    const store = await kit.open();
    const now = 10 * 24 * HOUR_MS + 30 * 60_000;
    await store.logCall(now - 25 * HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now - HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now - HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now, 'PATCH Contact/HubSpot_Id__c', 'write');
    const byKind = Object.fromEntries((await store.callsByKind24h(now)).map((k) => [k.kind, k.calls]));
    expect(byKind).toEqual({ write: 1, read: 0, poll: 2, describe: 0, composite: 0, bulk: 0, other: 0 });
    expect((await store.usage(now)).byKind).toEqual(await store.callsByKind24h(now));
    const hours = await store.usageHistory(3, now);
    expect(hours.map((h) => h.calls)).toEqual([0, 2, 1]);
    expect(hours[1]!.byKind).toEqual({ poll: 2 });
    expect(hours[2]!.byKind).toEqual({ write: 1 });
  });

  it('merges settings, refuses values out of range saying the range, and keeps org usage', async () => {
    const store = await kit.open();
    expect(await store.settings()).toEqual(DEFAULT_SETTINGS);
    const next = await store.setSettings({
      retry: { ...DEFAULT_SETTINGS.retry, maxAttempts: 3 },
      headroomPercent: 20,
    });
    expect(next).toMatchObject({
      allocation: 5000,
      headroomPercent: 20,
      retry: { maxAttempts: 3, intervalMinutes: 20 },
    });
    await expect(store.setSettings({ headroomPercent: 95 })).rejects.toThrow(/from 0 to 90/);
    await expect(store.setSettings({ bulkThreshold: 10 })).rejects.toThrow(/at least 200/);
    await expect(store.setSettings({ allocation: 0 })).rejects.toThrow(/at least 1/);
    expect(await store.settings()).toEqual(next);
    await store.setOrgUsage({ used: 10, limit: 100, seenAt: 5 });
    expect(await store.orgUsage()).toEqual({ used: 10, limit: 100, seenAt: 5 });
  });
});
