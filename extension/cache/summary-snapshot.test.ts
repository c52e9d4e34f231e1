import { describe, expect, it } from 'vitest';
import { clearSummarySnapshot, readSummarySnapshot, writeSummarySnapshot } from './summary-snapshot';

/** A page's localStorage as the browser keeps it: strings by key, optionally full. */
function pageStorage(options: { full?: boolean } = {}) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      if (options.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the summary snapshot for the first frame', () => {
  it('gives back the summary last written with the time the proxy gave it', () => {
    const storage = pageStorage();
    writeSummarySnapshot({ totalOpenErrors: 3 }, 1_000, storage);
    writeSummarySnapshot({ totalOpenErrors: 7 }, 2_000, storage);
    expect(readSummarySnapshot(storage)).toEqual({ value: { totalOpenErrors: 7 }, fetchedAt: 2_000 });
  });

  it('has nothing before the first summary and after being cleared', () => {
    const storage = pageStorage();
    expect(readSummarySnapshot(storage)).toBeNull();
    writeSummarySnapshot({ totalOpenErrors: 7 }, 2_000, storage);
    clearSummarySnapshot(storage);
    expect(readSummarySnapshot(storage)).toBeNull();
  });

  it('treats a damaged or foreign entry as no snapshot', () => {
    const storage = pageStorage();
    storage.items.set('sync-health:summary', '{"value": {"total');
    expect(readSummarySnapshot(storage)).toBeNull();
    storage.items.set('sync-health:summary', JSON.stringify({ value: { x: 1 }, fetchedAt: 'yesterday' }));
    expect(readSummarySnapshot(storage)).toBeNull();
  });

  it('does not throw when the page storage is full or missing (only the early paint is lost)', () => {
    expect(() => writeSummarySnapshot({ x: 1 }, 1, pageStorage({ full: true }))).not.toThrow();
    expect(() => writeSummarySnapshot({ x: 1 }, 1, null)).not.toThrow();
    expect(readSummarySnapshot(null)).toBeNull();
  });
});
