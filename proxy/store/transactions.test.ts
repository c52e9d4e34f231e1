import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store, testDatabase } from './index';
import { createTransactions } from './transactions';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('async store transactions', () => {
  let store: Store;
  afterEach(async () => {
    if (store?.isOpen()) await store.close();
  });

  it('runs a call outside any transaction at once, in the caller tick', () => {
    store = openStore(':memory:');
    const pending = store.setCursor('sf_poll_at', 42);
    // Not awaited yet: the row is already written.
    const row = testDatabase(store).prepare(`SELECT value FROM cursors WHERE key = 'sf_poll_at'`).get();
    expect(row).toEqual({ value: '42' });
    return pending;
  });

  it('makes a call from outside wait until an open transaction commits', async () => {
    store = openStore(':memory:');
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tx = store.tx(async () => {
      await store.setCursor('sf_poll_at', 1);
      order.push('tx wrote 1');
      await gate;
      await store.setCursor('sf_poll_at', 2);
      order.push('tx wrote 2');
    });
    await tick();
    const outside = store.cursor('sf_poll_at').then((v) => order.push(`outside read ${v}`));
    await tick();
    expect(order).toEqual(['tx wrote 1']);
    release();
    await Promise.all([tx, outside]);
    expect(order).toEqual(['tx wrote 1', 'tx wrote 2', 'outside read 2']);
  });

  it('rolls back everything a failed transaction wrote and lets the next caller in', async () => {
    store = openStore(':memory:');
    await expect(
      store.tx(async () => {
        await store.setCursor('sf_poll_at', 7);
        await tick();
        throw new Error('Salesforce said no');
      }),
    ).rejects.toThrow('Salesforce said no');
    expect(await store.cursor('sf_poll_at')).toBeNull();
    await store.setCursor('sf_poll_at', 8);
    expect(await store.cursor('sf_poll_at')).toBe(8);
  });

  it('undoes only a failed nested transaction (a savepoint), keeping the outer one', async () => {
    store = openStore(':memory:');
    await store.tx(async () => {
      await store.setCursor('sf_poll_at', 1);
      await expect(
        store.tx(async () => {
          await store.setCursor('cdc_safety_poll_at', 2);
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
      await store.tx(async () => store.setCursor('last_sync_at', 3));
    });
    expect(await store.cursor('sf_poll_at')).toBe(1);
    expect(await store.cursor('cdc_safety_poll_at')).toBeNull();
    expect(await store.cursor('last_sync_at')).toBe(3);
  });

  it('keeps concurrent read-then-write transactions from losing an update', async () => {
    store = openStore(':memory:');
    await store.setCursor('sf_poll_at', 0);
    const increment = () =>
      store.tx(async () => {
        const n = (await store.cursor('sf_poll_at')) ?? 0;
        await tick();
        await store.setCursor('sf_poll_at', n + 1);
      });
    await Promise.all(Array.from({ length: 5 }, increment));
    expect(await store.cursor('sf_poll_at')).toBe(5);
  });

  it('turns every function of a method group into an async one and leaves other values alone', async () => {
    store = openStore(':memory:');
    const { wrap } = createTransactions(testDatabase(store));
    const wrapped = wrap({
      answer: () => 42,
      fail: (): number => {
        throw new Error('refused');
      },
      label: 'kept',
    });
    await expect(wrapped.answer()).resolves.toBe(42);
    await expect(wrapped.fail()).rejects.toThrow('refused');
    expect(wrapped.label).toBe('kept');
  });

  it('answers every store method with a Promise', async () => {
    store = openStore(':memory:');
    expect(store.summary()).toBeInstanceOf(Promise);
    expect(store.settings()).toBeInstanceOf(Promise);
    expect(await store.totalQueued()).toBe(0);
  });
});
