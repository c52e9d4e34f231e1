import { describe, expect, it } from 'vitest';
import { clearCache, readCached, writeCached } from './health-db';

describe('the side panel cache', () => {
  it('returns what was written with the time it was fetched', async () => {
    await writeCached('answers', 'summary', { totalOpenErrors: 7 }, 1234);
    expect(await readCached('answers', 'summary')).toEqual({
      key: 'summary',
      value: { totalOpenErrors: 7 },
      fetchedAt: 1234,
    });
  });

  it('answers null for what it never saw', async () => {
    expect(await readCached('pages', 'picklists?q=none')).toBeNull();
  });

  it('keeps only the 200 most recent record lookups', async () => {
    for (let i = 0; i < 205; i++) await writeCached('records', `hubspot:contacts:${i}`, { i }, 10_000 + i);
    expect(await readCached('records', 'hubspot:contacts:0')).toBeNull();
    expect(await readCached('records', 'hubspot:contacts:204')).not.toBeNull();
  });

  it('forgets everything when cleared', async () => {
    await writeCached('answers', 'summary', { x: 1 });
    await clearCache();
    expect(await readCached('answers', 'summary')).toBeNull();
  });
});
