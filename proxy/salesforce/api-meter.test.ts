import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index';
import {
  BudgetExceededError,
  createApiMeter,
  HEADROOM_RECHECK_MS,
  HeadroomExceededError,
  headroomShortfall,
  readingOrgUsage,
} from './api-meter';

describe('headroomShortfall', () => {
  it('lets every call through when the headroom is off or the org was never seen', () => {
    expect(headroomShortfall({ used: 14_999, limit: 15_000 }, 1, 0)).toBeNull();
    expect(headroomShortfall(null, 1, 50)).toBeNull();
  });

  it('lets a call through that leaves exactly the share asked for', () => {
    // 15,000 × 10% = 1,500 to keep: 13,499 used + 1 call leaves 1,500.
    expect(headroomShortfall({ used: 13_499, limit: 15_000 }, 1, 10)).toBeNull();
  });

  it('refuses the call that would leave less than the share, saying what is left', () => {
    expect(headroomShortfall({ used: 13_500, limit: 15_000 }, 1, 10)).toEqual({
      leftCalls: 1_500,
      leftPercent: 10,
    });
    expect(headroomShortfall({ used: 13_650, limit: 15_000 }, 1, 10)).toEqual({
      leftCalls: 1_350,
      leftPercent: 9,
    });
  });

  it('counts every call of a batch asked for at once', () => {
    expect(headroomShortfall({ used: 13_000, limit: 15_000 }, 500, 10)).toBeNull();
    expect(headroomShortfall({ used: 13_000, limit: 15_000 }, 501, 10)).not.toBeNull();
  });

  it('reports nothing left, not a negative figure, when the org is over its limit', () => {
    expect(headroomShortfall({ used: 16_000, limit: 15_000 }, 1, 5)).toEqual({
      leftCalls: 0,
      leftPercent: 0,
    });
  });
});

describe('the API meter with a headroom', () => {
  const T = Date.UTC(2026, 11, 1, 12);

  it('refuses a call that eats into the share left to other integrations, in words, with a recheck time', async () => {
    const store = openStore(':memory:');
    await store.setSettings({ allocation: 5_000, headroomPercent: 10 });
    const meter = createApiMeter(store, () => T);
    await meter.limitInfo(13_650, 15_000);
    let thrown: unknown;
    try {
      await meter.ensure(1);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HeadroomExceededError);
    // A sibling of the allocation's error: every place that pauses on a spent allocation pauses on it.
    expect(thrown).toBeInstanceOf(BudgetExceededError);
    const err = thrown as HeadroomExceededError;
    expect(err.message).toBe(
      "The org has 9% of its daily limit left (1,350 of 15,000 calls) and you asked to leave 10% to other integrations; the sync resumes when the org's usage drops or you lower that share in Settings.",
    );
    expect(err.resumeAt).toBe(T + HEADROOM_RECHECK_MS);
    await store.close();
  });

  it('lets calls through once the headroom is lowered or the org usage drops', async () => {
    const store = openStore(':memory:');
    await store.setSettings({ headroomPercent: 10 });
    const meter = createApiMeter(store, () => T);
    await meter.limitInfo(14_000, 15_000);
    await expect(meter.ensure(1)).rejects.toThrow(HeadroomExceededError);
    await store.setSettings({ headroomPercent: 5 });
    await expect(meter.ensure(1)).resolves.toBeUndefined();
    await store.setSettings({ headroomPercent: 10 });
    await meter.limitInfo(9_000, 15_000);
    await expect(meter.ensure(1)).resolves.toBeUndefined();
    await store.close();
  });

  it('lets the reading of the org usage through the headroom, never through the allocation', async () => {
    const store = openStore(':memory:');
    await store.setSettings({ allocation: 1, headroomPercent: 50 });
    const meter = createApiMeter(store, () => T);
    await meter.limitInfo(14_000, 15_000);
    await readingOrgUsage(async () => await meter.ensure(1));
    await meter.record('GET v62.0/limits');
    await expect(readingOrgUsage(async () => await meter.ensure(1))).rejects.toThrow(/allocation of 1/);
    await store.close();
  });

  it('keeps the allocation error first when both would refuse', async () => {
    const store = openStore(':memory:');
    await store.setSettings({ allocation: 1, headroomPercent: 50 });
    const meter = createApiMeter(store, () => T);
    await meter.limitInfo(14_000, 15_000);
    await meter.record('GET v62.0/query');
    let thrown: unknown;
    try {
      await meter.ensure(1);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(BudgetExceededError);
    expect(thrown).not.toBeInstanceOf(HeadroomExceededError);
    await store.close();
  });

  it('refuses to save a headroom outside 0–90 %', async () => {
    const store = openStore(':memory:');
    await expect(store.setSettings({ headroomPercent: 95 })).rejects.toThrow(/from 0 to 90/);
    expect((await store.settings()).headroomPercent).toBe(0);
    await store.close();
  });
});

describe('the API meter at shutdown', () => {
  it('drops an answer that arrives after the store closed instead of throwing from a detached callback', async () => {
    const store = openStore(':memory:');
    const meter = createApiMeter(store, () => Date.UTC(2026, 11, 2));
    await meter.record('GET v62.0/query');
    expect(await store.calls24h(Date.UTC(2026, 11, 2))).toBe(1);
    await store.close();
    expect(store.isOpen()).toBe(false);
    await expect(meter.record('GET v62.0/query')).resolves.toBeUndefined();
    await expect(meter.limitInfo(10, 15_000)).resolves.toBeUndefined();
  });
});
