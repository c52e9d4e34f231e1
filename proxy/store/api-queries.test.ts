import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contactError } from '../../tests/integration/store-contract/fixtures';
import { affectedCounter, EXPORT_COLUMN as C, exportPages, openSnapshot } from './api-queries';
import { openStore, testDatabase } from './index';

describe('export pages', () => {
  it('yields every matching error once, newest first, across pages whose rows share a timestamp', async () => {
    const store = openStore(':memory:');
    // Seven errors per millisecond: page boundaries fall inside a run of equal last_seen values.
    for (let i = 0; i < 600; i++) await store.recordError(contactError(String(i)), 1_000 + Math.floor(i / 7));
    const pages = [...exportPages(testDatabase(store), {}, 250)];
    expect(pages.map((p) => p.length)).toEqual([250, 250, 100]);
    const rows = pages.flat();
    expect(new Set(rows.map((r) => r[C.id])).size).toBe(600);
    const order = rows.map((r) => [r[C.lastSeen], r[C.id]] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(order).toEqual(sorted);
    expect(rows[0]).toMatchObject({ [C.crmId]: '599', [C.value]: 'Podcast', [C.status]: 'open' });
  });

  it('applies the list filters and stops after an exactly full last page', async () => {
    const store = openStore(':memory:');
    for (let i = 0; i < 500; i++)
      await store.recordError(contactError(String(i), i % 2 ? 'c1' : undefined), 1_000 + i);
    expect(
      [...exportPages(testDatabase(store), { category: 'associations' }, 250)].map((p) => p.length),
    ).toEqual([250]);
    expect(
      [...exportPages(testDatabase(store), { q: 'Contact 499' }, 250)].flat().map((r) => r[C.crmId]),
    ).toEqual(['499']);
    expect([...exportPages(testDatabase(store), { status: 'resolved' }, 250)]).toEqual([]);
  });
});

describe('export snapshot', () => {
  const dirs: string[] = [];
  const fileStore = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sh-snapshot-'));
    dirs.push(dir);
    return openStore(join(dir, 'sync.db'));
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads every error as it was when the export began while the sync records, resolves and adds errors', async () => {
    const store = fileStore();
    for (let i = 0; i < 600; i++) await store.recordError(contactError(String(i)), 1_000 + i);
    const snapshot = openSnapshot(testDatabase(store));
    const pages = exportPages(snapshot.db, {}, 250);
    const first = pages.next().value!;
    // The oldest error recurs (it would move to the top, above the cursor), one is resolved, one is new.
    await store.recordError(contactError('0'), 9_000);
    await store.resolveError((await store.listErrors({ q: 'Contact 100' })).items[0]!.id, 9_001);
    await store.recordError(contactError('new'), 9_002);
    const rows = [...first, ...[...pages].flat()];
    snapshot.close();
    expect(rows.map((r) => r[C.crmId]).sort()).toEqual(
      Array.from({ length: 600 }, (_, i) => String(i)).sort(),
    );
    expect(rows.find((r) => r[C.crmId] === '0')).toMatchObject({ [C.lastSeen]: 1_000, [C.status]: 'open' });
    // Once closed, the next export sees the store as it is now.
    const after = openSnapshot(testDatabase(store));
    const now = [...exportPages(after.db, {}, 250)].flat().map((r) => r[C.crmId]);
    after.close();
    expect(now).toHaveLength(600);
    expect(now.slice(0, 2)).toEqual(['new', '0']);
    expect(now).not.toContain('100');
    await store.close();
  });

  it('lets SQLite recycle its write-ahead log again once closed', async () => {
    const store = fileStore();
    await store.recordError(contactError('1'), 1_000);
    const snapshot = openSnapshot(testDatabase(store));
    [...exportPages(snapshot.db, {}, 250)];
    await store.recordError(contactError('2'), 2_000);
    // A passive checkpoint copies back only the log frames no reader still needs.
    const checkpoint = () =>
      (testDatabase(store).pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[])[0]!;
    const held = checkpoint();
    expect(held.checkpointed).toBeLessThan(held.log);
    snapshot.close();
    snapshot.close(); // closing twice is harmless
    const freed = checkpoint();
    expect(freed.checkpointed).toBe(freed.log);
    await store.close();
  });
});

describe('affected records', () => {
  it('counts every record held back by the same blocking record, and one for any other error', async () => {
    const store = openStore(':memory:');
    for (const id of ['1', '2', '3']) await store.recordError(contactError(id, 'c7'), 1_000);
    await store.recordError(contactError('9'), 1_000);
    const affected = affectedCounter(testDatabase(store));
    const blocked = (await store.getError(
      (
        await store.listErrors({ category: 'associations' })
      ).items[0]!.id,
    ))!.error;
    const own = (await store.listErrors({ category: 'picklists' })).items[0]!;
    expect(affected(blocked)).toBe(3);
    expect(affected(own)).toBe(1);
  });
});
