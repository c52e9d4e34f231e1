import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../shared/limits';
import { openStore } from './index';

describe('calls by kind', () => {
  it('counts the rolling 24 hours by kind, every kind listed, and ages old calls out', async () => {
    const store = openStore(':memory:');
    const now = 10 * 24 * HOUR_MS;
    await store.logCall(now - 25 * HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now - HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now - HOUR_MS, 'PATCH Contact/HubSpot_Id__c', 'write');
    await store.logCall(now, 'GET Contact/describe', 'describe');
    const byKind = Object.fromEntries((await store.callsByKind24h(now)).map((k) => [k.kind, k.calls]));
    expect(byKind).toEqual({ write: 1, read: 0, poll: 1, describe: 1, composite: 0, bulk: 0, other: 0 });
    expect((await store.usage(now)).byKind).toEqual(await store.callsByKind24h(now));
    await store.close();
  });

  it('splits the hours of the usage history by kind while the call log holds them', async () => {
    const store = openStore(':memory:');
    const now = 10 * 24 * HOUR_MS + 30 * 60_000;
    await store.logCall(now - HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now - HOUR_MS, 'GET v62.0/query', 'poll');
    await store.logCall(now, 'PATCH Contact/HubSpot_Id__c', 'write');
    const hours = await store.usageHistory(3, now);
    expect(hours.map((h) => h.calls)).toEqual([0, 2, 1]);
    expect(hours[1].byKind).toEqual({ poll: 2 });
    expect(hours[2].byKind).toEqual({ write: 1 });
    await store.close();
  });
});
