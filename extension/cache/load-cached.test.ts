import { describe, expect, it } from 'vitest';
import { readCached, writeCached } from './health-db';
import { type CachedAnswer, loadCached } from './load-cached';

const collect = <T>() => {
  const seen: CachedAnswer<T>[] = [];
  return { seen, onAnswer: (a: CachedAnswer<T>) => seen.push(a) };
};

describe('cache-first loading', () => {
  it('delivers the cached answer first, then the fresh one, and caches the fresh one', async () => {
    await writeCached('answers', 'history-a', { calls: 1 }, 1_000);
    const { seen, onAnswer } = collect<{ calls: number }>();
    let release!: (v: { calls: number }) => void;
    const fetching = loadCached(
      'answers',
      'history-a',
      () => new Promise<{ calls: number }>((r) => (release = r)),
      onAnswer,
      { now: () => 5_000 },
    );
    await new Promise((r) => setTimeout(r, 20));
    release({ calls: 2 });
    await fetching;
    expect(seen).toEqual([
      { value: { calls: 1 }, fetchedAt: 1_000, fromCache: true },
      { value: { calls: 2 }, fetchedAt: 5_000, fromCache: false },
    ]);
    expect(await readCached('answers', 'history-a')).toMatchObject({ value: { calls: 2 }, fetchedAt: 5_000 });
  });

  it('keeps the cached answer and rejects with the proxy error when the fetch fails', async () => {
    await writeCached('pages', 'picklists?q=', ['row'], 2_000);
    const { seen, onAnswer } = collect<string[]>();
    await expect(
      loadCached('pages', 'picklists?q=', () => Promise.reject(new Error('proxy unreachable')), onAnswer),
    ).rejects.toThrow('proxy unreachable');
    expect(seen).toEqual([{ value: ['row'], fetchedAt: 2_000, fromCache: true }]);
    expect(await readCached('pages', 'picklists?q=')).toMatchObject({ value: ['row'], fetchedAt: 2_000 });
  });

  it('never shows the cached answer after a faster fresh one', async () => {
    await writeCached('records', 'hubspot:contacts:1', 'old', 1);
    const { seen, onAnswer } = collect<string>();
    await loadCached('records', 'hubspot:contacts:1', async () => 'new', onAnswer, { now: () => 9 });
    expect(seen.at(-1)).toEqual({ value: 'new', fetchedAt: 9, fromCache: false });
    expect(seen.filter((a) => a.value === 'old' && seen.indexOf(a) > 0)).toEqual([]);
  });

  it('delivers only the fresh answer when nothing was cached', async () => {
    const { seen, onAnswer } = collect<number>();
    await loadCached('answers', 'never-seen', async () => 42, onAnswer, { now: () => 7 });
    expect(seen).toEqual([{ value: 42, fetchedAt: 7, fromCache: false }]);
  });
});
