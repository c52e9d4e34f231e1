import { describe, expect, it } from 'vitest';
import { DAMAGED_QUEUE_CODE } from './damaged-queue-item';
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

  it('hands out a damaged push as a re-read of the record and records an error the admin can read', async () => {
    const store = openStore(':memory:');
    await store.putLink({
      crmType: 'contacts',
      crmId: '7',
      sfObject: 'Contact',
      sfId: '003000000000007AAA',
      name: 'Ann',
    });
    plant(store, 'to-sf', '7', 'not json');
    await store.enqueue('to-sf', 'contacts', '8', { props: { email: 'b@c.d' }, companyId: null }, 1);

    const items = await store.peek('to-sf', 'contacts', 10);

    expect(items.map((i) => [i.recordId, i.payload.kind])).toEqual([
      ['7', 'refetch'],
      ['8', 'push'],
    ]);
    const [error] = (await store.listErrors({ category: 'other' })).items;
    expect(error).toMatchObject({
      crmId: '7',
      code: DAMAGED_QUEUE_CODE,
      sfObject: 'Contact',
      recordName: 'Ann',
      status: 'open',
    });
    expect(error?.message).toContain('stored damaged (it is not readable JSON)');
    expect(error?.message).toContain('read again from its source');
  });

  it('rebuilds a damaged write-back from the link, and drops one with nothing to rebuild from', async () => {
    const store = openStore(':memory:');
    await store.putLink({ crmType: 'contacts', crmId: '7', sfObject: 'Contact', sfId: '003000000000007AAA' });
    plant(store, 'sf-id-to-crm', '7', '{"sfId":42}');
    plant(store, 'sf-id-to-crm', '8', '[]');

    const items = await store.peek('sf-id-to-crm', 'contacts', 10);

    expect(items.map((i) => i.payload)).toEqual([{ kind: 'write-back', sfId: '003000000000007AAA' }]);
    expect(await store.queueSize('sf-id-to-crm', 'contacts')).toBe(1);
    const messages = (await store.listErrors({ category: 'other' })).items.map((e) => [e.crmId, e.message]);
    expect(messages).toHaveLength(2);
    expect(messages.find(([id]) => id === '8')?.[1]).toContain('resync the record');
  });

  it('resolves the damaged-payload error when the record is sent again', async () => {
    const store = openStore(':memory:');
    plant(store, 'to-sf', '7', 'null');
    const [item] = await store.peek('to-sf', 'contacts', 10);
    await store.resolveRecord('contacts', '7', 2);
    await store.dequeue(item!);
    expect((await store.listErrors({ status: 'open' })).items).toEqual([]);
  });
});
