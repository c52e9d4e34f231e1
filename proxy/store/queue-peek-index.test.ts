import { describe, expect, it } from 'vitest';
import { openStore, testDatabase } from './index';

// The peek of proxy/store/sync-state.ts, as it is written there.
const PEEK = `SELECT * FROM queue WHERE direction = ? AND object_type = ? AND not_before <= ? ORDER BY seq LIMIT ?`;

describe('the queue is peeked in order from an index', () => {
  it('reads the next changes of one direction and type through queue_due, sorting nothing in memory', async () => {
    const store = openStore(':memory:');
    await store.tx(async () => {
      for (let i = 0; i < 2_000; i++) {
        await store.enqueue('sf-id-to-crm', 'contacts', String(i), { sfId: `003${i}` }, 1);
        await store.enqueue('to-sf', 'contacts', String(i), { props: {}, companyId: null, reason: 'x' }, 1);
      }
    });
    const plan = (
      testDatabase(store).prepare(`EXPLAIN QUERY PLAN ${PEEK}`).all('sf-id-to-crm', 'contacts', 5, 100) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan.join(' | ')).toContain('USING INDEX queue_due');
    expect(plan.join(' | ')).not.toContain('TEMP B-TREE');
    const first = await store.peek('sf-id-to-crm', 'contacts', 3, 5);
    expect(first.map((i) => i.recordId)).toEqual(['0', '1', '2']);
    await store.close();
  });
});
