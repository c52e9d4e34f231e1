import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isRootCauseKey, isSubType, rootCauseLabel } from '../../shared/taxonomy';
import { openStore, testDatabase } from './index';
import { migrate } from './schema';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A store file holding rows as the sync wrote them before v7, reopened so that v7 runs on them. */
function reopenedWithLegacyRows() {
  const dir = mkdtempSync(join(tmpdir(), 'sh-legacy-'));
  dirs.push(dir);
  const file = join(dir, 'sync.db');
  // The file as v6 left it: only the first six migrations, then rows written the way the sync wrote them.
  const old = new Database(file);
  migrate(old, 6);
  const insert = old.prepare(
    `INSERT INTO errors (dedupe_key, status, category, crm_type, crm_id, sf_object, code, sub_type, root_cause_key,
       message, first_seen, last_seen, occurrences) VALUES (?, 'open', ?, 'contacts', ?, 'Contact', ?, ?, ?, 'm', 1, 1, 1)`,
  );
  const rows = [
    ['1', 'associations', 'ASSOCIATED_RECORD_NOT_SYNCED', 'parent-not-synced', 'association:companies:21100'],
    ['2', 'associations', 'ASSOCIATED_RECORD_NOT_SYNCED', 'parent-not-synced', 'association:companies:21100'],
    ['3', 'other', 'NETWORK_ERROR', null, 'crm:null'],
    ['4', 'picklists', 'INVALID_OPTION', 'picklist-value-missing', 'crm:picklist:leadsource:Podcast'],
    ['5', 'other', 'UNABLE_TO_LOCK_ROW', null, 'other:UNABLE_TO_LOCK_ROW'],
  ] as const;
  for (const [id, category, code, subType, key] of rows)
    insert.run(`contacts:${id}|${category}|${key}`, category, id, code, subType, key);
  old.close();
  return openStore(file);
}

describe('store v7 on errors written before sub-types and keys were typed', () => {
  it('gives every old error a known sub-type and a root-cause key of a known kind', async () => {
    const store = reopenedWithLegacyRows();
    const rows = testDatabase(store)
      .prepare(`SELECT sub_type, root_cause_key, dedupe_key, crm_type, crm_id, category FROM errors`)
      .all() as {
      sub_type: string;
      root_cause_key: string;
      dedupe_key: string;
      crm_type: string;
      crm_id: string;
      category: string;
    }[];
    for (const r of rows) {
      expect(isSubType(r.sub_type), r.sub_type).toBe(true);
      expect(isRootCauseKey(r.root_cause_key), r.root_cause_key).toBe(true);
      expect(r.dedupe_key).toBe(`${r.crm_type}:${r.crm_id}|${r.category}|${r.root_cause_key}`);
    }
    expect(rows.map((r) => r.root_cause_key)).toEqual([
      'blocking:companies:21100',
      'blocking:companies:21100',
      'transient:NETWORK_ERROR',
      'picklist:leadsource:Podcast',
      'other:UNABLE_TO_LOCK_ROW',
    ]);
    await store.close();
  });

  it('rebuilds the root-cause groups from the new keys, so their labels read in words', async () => {
    const store = reopenedWithLegacyRows();
    const groups = await store.groups();
    expect(groups.find((g) => g.rootCauseKey === 'blocking:companies:21100')?.errors).toBe(2);
    for (const g of groups) expect(rootCauseLabel(g.rootCauseKey)).not.toBe(g.rootCauseKey);
    expect(groups.some((g) => g.rootCauseKey.startsWith('association:'))).toBe(false);
    await store.close();
  });
});
