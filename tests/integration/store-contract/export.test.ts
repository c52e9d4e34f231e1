import { expect, it } from 'vitest';
import { EXPORT_COLUMN as C, type ExportRow } from '../../../proxy/store/api-queries';
import type { ErrorListFilter } from '../../../proxy/store/health-queries';
import { contactError } from './fixtures';
import { type ContractStore, describeStores } from './stores';

async function exportAll(store: ContractStore, filter: ErrorListFilter = {}, pageSize = 250) {
  const snapshot = await store.openExportSnapshot();
  const pages: ExportRow[][] = [];
  try {
    for await (const page of snapshot.pages(filter, pageSize)) pages.push(page);
  } finally {
    await snapshot.close();
  }
  return pages;
}

describeStores('export snapshot', (kit) => {
  it('yields every matching error once, newest first, across pages whose rows share a timestamp', async () => {
    const store = await kit.open();
    await store.tx(async () => {
      for (let i = 0; i < 600; i++)
        await store.recordError(contactError(String(i)), 1_000 + Math.floor(i / 7));
    });
    const pages = await exportAll(store);
    expect(pages.map((p) => p.length)).toEqual([250, 250, 100]);
    const rows = pages.flat();
    expect(new Set(rows.map((r) => r[C.id])).size).toBe(600);
    const order = rows.map((r) => [r[C.lastSeen], r[C.id]] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
    expect(rows[0]).toMatchObject({
      [C.crmId]: '599',
      [C.value]: 'Podcast',
      [C.status]: 'open',
      [C.occurrences]: 1,
    });
    expect(typeof rows[0]![C.id]).toBe('number');
    expect(typeof rows[0]![C.firstSeen]).toBe('number');
  });

  it('applies the list filters and stops after an exactly full last page', async () => {
    const store = await kit.open();
    await store.tx(async () => {
      for (let i = 0; i < 500; i++)
        await store.recordError(contactError(String(i), i % 2 ? 'c1' : undefined), 1_000 + i);
    });
    expect((await exportAll(store, { category: 'associations' })).map((p) => p.length)).toEqual([250]);
    expect((await exportAll(store, { q: 'Contact 499' })).flat().map((r) => r[C.crmId])).toEqual(['499']);
    expect(await exportAll(store, { status: 'resolved' })).toEqual([]);
  });

  it('reads every error as it was when the export began while the sync records, resolves and adds errors', async () => {
    const store = await kit.open({ file: true });
    await store.tx(async () => {
      for (let i = 0; i < 600; i++) await store.recordError(contactError(String(i)), 1_000 + i);
    });
    const toResolve = (await store.listErrors({ q: 'Contact 100' })).items[0]!.id;
    const snapshot = await store.openExportSnapshot();
    const pages = snapshot.pages({}, 250);
    const first = (await pages.next()).value as ExportRow[];
    // The oldest error recurs (it would move to the top, above the cursor), one is resolved, one is new.
    await store.recordError(contactError('0'), 9_000);
    await store.resolveError(toResolve, 9_001);
    await store.recordError(contactError('new'), 9_002);
    const rows = [...first];
    for await (const page of pages) rows.push(...page);
    await snapshot.close();
    await snapshot.close(); // closing twice is harmless
    expect(rows.map((r) => r[C.crmId]).sort()).toEqual(
      Array.from({ length: 600 }, (_, i) => String(i)).sort(),
    );
    expect(rows.find((r) => r[C.crmId] === '0')).toMatchObject({ [C.lastSeen]: 1_000, [C.status]: 'open' });
    // Once closed, the next export sees the store as it is now.
    const now = (await exportAll(store)).flat().map((r) => r[C.crmId]);
    expect(now).toHaveLength(600);
    expect(now.slice(0, 2)).toEqual(['new', '0']);
    expect(now).not.toContain('100');
  });
});

describeStores('opening', (kit) => {
  it('reports itself closed once closed', async () => {
    const store = await kit.open();
    expect(store.isOpen()).toBe(true);
    await store.close();
    expect(store.isOpen()).toBe(false);
  });
});
