import { describe, expect, it } from 'vitest';
import { picklistError } from '../../tests/integration/store-contract/fixtures';
import { openStore } from './index';

describe('store', () => {
  it('keeps one open error per record, category and cause, counting occurrences', async () => {
    const store = openStore(':memory:');
    const first = await store.recordError(picklistError('1'), 1000);
    const again = await store.recordError(picklistError('1'), 2000);
    const otherCause = await store.recordError(picklistError('1', 'Crypto'), 2000);
    expect(again).toEqual({ id: first.id, isNew: false });
    expect(otherCause.isNew).toBe(true);
    const row = (await store.getError(first.id))?.error;
    expect(row).toMatchObject({ occurrences: 2, firstSeen: 1000, lastSeen: 2000, status: 'open' });
  });

  it('summarises all eight categories, zeros included', async () => {
    const store = openStore(':memory:');
    await store.recordError(picklistError('1'), 1);
    await store.recordError(picklistError('2'), 1);
    const summary = await store.summary();
    expect(summary.categories.map((c) => c.category)).toHaveLength(8);
    expect(summary.categories.find((c) => c.category === 'picklists')).toEqual({
      category: 'picklists',
      openErrors: 2,
      affectedRecords: 2,
    });
    expect(summary.categories.find((c) => c.category === 'duplicates')?.openErrors).toBe(0);
  });

  it('keeps a resolved error with its resolution time and opens a new one if it recurs', async () => {
    const store = openStore(':memory:');
    const { id } = await store.recordError(picklistError('1'), 1);
    expect(await store.resolveRecord('companies', '1', 50)).toEqual([id]);
    expect((await store.getError(id))?.error).toMatchObject({ status: 'resolved', resolvedAt: 50 });
    expect((await store.summary()).totalOpenErrors).toBe(0);
    expect(await store.groups()).toEqual([]);
    expect((await store.recordError(picklistError('1'), 60)).isNew).toBe(true);
    expect((await store.listErrors({ status: 'resolved' })).items.map((e) => e.id)).toEqual([id]);
  });

  it('groups errors by root cause and lists the affected CRM records', async () => {
    const store = openStore(':memory:');
    for (const id of ['1', '2', '3']) await store.recordError(picklistError(id), 1);
    await store.recordError(picklistError('4', 'Crypto'), 1);
    const groups = await store.groups({ category: 'picklists' });
    expect(groups[0]).toMatchObject({
      rootCauseKey: 'picklist:Account.Industry:Biotech',
      errors: 3,
      records: 3,
    });
    expect(await store.affectedRecords('picklists')).toEqual([
      { crmType: 'companies', crmIds: ['1', '2', '3', '4'] },
    ]);
  });

  it('pages errors with a cursor without repeating or skipping rows', async () => {
    const store = openStore(':memory:');
    for (let i = 0; i < 25; i++) await store.recordError(picklistError(String(i)), 100 + (i % 5));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listErrors({ category: 'picklists' }, { cursor, limit: 7 });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(25);
    expect([...(await store.iterateErrors({ q: 'Company 1' }))].length).toBe(11);
  });

  it('refuses a page size above 500 with a message saying the range', async () => {
    const store = openStore(':memory:');
    await expect(store.listErrors({}, { limit: 501 })).rejects.toThrow(/1 to 500/);
  });

  it('counts API calls in a rolling 24-hour window and keeps hourly history', async () => {
    const store = openStore(':memory:');
    const hour = 3_600_000;
    await store.logCall(0, 'query');
    await store.logCall(hour, 'upsert');
    await store.logCall(2 * hour, 'upsert');
    expect(await store.calls24h(24 * hour + 1)).toBe(2);
    expect(await store.windowFreesAt(24 * hour + 1)).toBe(25 * hour);
    expect((await store.usageHistory(3, 2 * hour)).map((h) => h.calls)).toEqual([1, 1, 1]);
  });

  it('forecasts when the allocation runs out at the last hour rate', async () => {
    const store = openStore(':memory:');
    await store.setSettings({ allocation: 100 });
    for (let i = 0; i < 10; i++) await store.logCall(1000 + i, 'upsert');
    const usage = await store.usage(3_600_000);
    expect(usage.syncCalls24h).toBe(10);
    expect(usage.forecast).toEqual({ callsPerHour: 10, exhaustedAt: 3_600_000 + 9 * 3_600_000 });
  });

  it('replaces a queued change by a newer one and dequeues only the version that was sent', async () => {
    const store = openStore(':memory:');
    await store.enqueue('to-sf', 'contacts', '7', { props: { v: '1' }, companyId: null }, 1);
    const [sent] = await store.peek('to-sf', 'contacts', 10);
    await store.enqueue('to-sf', 'contacts', '7', { props: { v: '2' }, companyId: null }, 2);
    await store.dequeue(sent!);
    expect((await store.peek('to-sf', 'contacts', 10)).map((q) => q.payload)).toEqual([
      { kind: 'push', props: { v: '2' }, companyId: null },
    ]);
  });
});
