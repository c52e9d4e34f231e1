import { describe, expect, it } from 'vitest';
import { openStore, testDatabase } from './index';
import { decodePayload } from './queue-payloads';

/** Writes a payload the way a damaged file or an older build could have left it. */
function plant(store: ReturnType<typeof openStore>, direction: string, id: string, text: string) {
  testDatabase(store)
    .prepare(
      `INSERT INTO queue (direction, object_type, record_id, payload, enqueued_at) VALUES (?, 'contacts', ?, ?, 1)`,
    )
    .run(direction, id, text);
}

describe('queued payloads', () => {
  it.each([
    ['to-sf', { props: { email: 'a@b.c' }, companyId: '9' }, 'push'],
    ['to-sf', { refetch: true, reason: 'resync' }, 'refetch'],
    ['to-crm', { props: { email: 'a@b.c' }, account: { id: '001A', name: 'Acme' } }, 'create'],
    ['to-crm', { props: { email: 'a@b.c' } }, 'create'],
    ['to-crm', { associate: { crmId: '5', account: { id: '001A', name: null } } }, 'associate'],
    ['to-crm', { refetch: true }, 'refetch'],
    ['sf-id-to-crm', { sfId: '003A' }, 'write-back'],
  ] as const)('reads a %s payload %j as kind %s', (direction, payload, kind) => {
    const got = decodePayload(direction, JSON.stringify(payload));
    expect(got).toEqual({ ok: true, payload: { kind, ...payload } });
  });

  it.each([
    ['to-sf', '{"props":', 'it is not readable JSON'],
    ['to-sf', '{"sfId":"003A"}', 'none of the shapes a to-sf change has'],
    ['to-sf', '{"props":{"email":5},"companyId":null}', 'none of the shapes'],
    ['sf-id-to-crm', '{"refetch":true}', 'none of the shapes a sf-id-to-crm change has'],
  ] as const)('refuses a %s payload %s, saying why', (direction, text, reason) => {
    const got = decodePayload(direction, text);
    expect(got.ok).toBe(false);
    expect(got.ok ? '' : got.reason).toContain(reason);
  });

  // Handing out damaged pushes and write-backs is a store contract: tests/integration/store-contract/queue.test.ts
  // runs it on SQLite and PostgreSQL.

  it('resolves the damaged-payload error when the record is sent again', async () => {
    const store = openStore(':memory:');
    plant(store, 'to-sf', '7', 'null');
    const [item] = await store.peek('to-sf', 'contacts', 10);
    await store.resolveRecord('contacts', '7', 2);
    await store.dequeue(item!);
    expect((await store.listErrors({ status: 'open' })).items).toEqual([]);
  });
});
