import { expect, it, vi } from 'vitest';
import { DAMAGED_QUEUE_CODE } from '../../../proxy/store/damaged-queue-item';
import { describeStores } from './stores';

describeStores('queue, links, cursors', (kit) => {
  const plant = `INSERT INTO queue (direction, object_type, record_id, payload, enqueued_at) VALUES (?, 'contacts', ?, ?, 1)`;

  it('replaces a queued change by a newer one and dequeues only the version that was sent', async () => {
    const store = await kit.open();
    await store.enqueue('to-sf', 'contacts', '7', { props: { v: '1' }, companyId: null }, 1);
    const [sent] = await store.peek('to-sf', 'contacts', 10);
    await store.enqueue('to-sf', 'contacts', '7', { props: { v: '2' }, companyId: null }, 2);
    await store.dequeue(sent!);
    const left = await store.peek('to-sf', 'contacts', 10);
    expect(left.map((q) => [q.payload, q.version, q.enqueuedAt])).toEqual([
      [{ kind: 'push', props: { v: '2' }, companyId: null }, 2, 1],
    ]);
    await store.dequeue(left[0]!);
    expect(await store.totalQueued()).toBe(0);
  });

  it("tells the CRM pull each record's closed link, last synced hash and linked object in one call", async () => {
    const store = await kit.open();
    await store.putLink({
      crmType: 'contacts',
      crmId: 'synced',
      sfObject: 'Contact',
      sfId: '003A',
      name: 'Ada',
    });
    await store.setContentHash('contacts', 'synced', 'h1', { props: {}, companyId: null });
    await store.putLink({ crmType: 'contacts', crmId: 'lead', sfObject: 'Lead', sfId: '00QA', name: 'Lee' });
    await store.putLink({
      crmType: 'contacts',
      crmId: 'gone',
      sfObject: 'Contact',
      sfId: '003B',
      name: 'Bo',
    });
    await store.closeLink('contacts', 'gone', 'deleted in Salesforce', 5);
    await store.putLink({
      crmType: 'companies',
      crmId: 'new',
      sfObject: 'Account',
      sfId: '001A',
      name: 'Co',
    });
    const states = await store.crmRecordStates('contacts', ['synced', 'lead', 'gone', 'new']);
    expect(Object.fromEntries(states)).toEqual({
      synced: { closed: false, contentHash: 'h1', sfObject: 'Contact' },
      lead: { closed: false, contentHash: null, sfObject: 'Lead' },
      gone: { closed: true, contentHash: null, sfObject: null },
      new: { closed: false, contentHash: null, sfObject: null },
    });
  });

  it('hands items out oldest first per direction and type, hiding deferred ones until they are due', async () => {
    const store = await kit.open();
    for (const id of ['a', 'b', 'c']) await store.enqueue('to-sf', 'contacts', id, { refetch: true }, 1);
    await store.enqueue('to-sf', 'companies', 'x', { refetch: true }, 1);
    await store.enqueue('sf-id-to-crm', 'contacts', 'a', { sfId: '003A' }, 1);
    const [first] = await store.peek('to-sf', 'contacts', 1);
    expect(first).toMatchObject({ recordId: 'a', attempts: 0, direction: 'to-sf', objectType: 'contacts' });
    await store.defer(first!, 500);
    expect((await store.peek('to-sf', 'contacts', 10, 100)).map((q) => q.recordId)).toEqual(['b', 'c']);
    const due = await store.peek('to-sf', 'contacts', 10, 500);
    expect(due.map((q) => [q.recordId, q.attempts])).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 0],
    ]);
    expect(await store.queueSize('to-sf', 'contacts')).toBe(3);
    expect(await store.isQueued('sf-id-to-crm', 'contacts', 'a')).toBe(true);
    expect(await store.isQueued('sf-id-to-crm', 'contacts', 'b')).toBe(false);
    expect(await store.totalQueued()).toBe(5);
  });

  it('hands out a damaged push as a re-read of the record and records an error the admin can read', async () => {
    const store = await kit.open();
    await store.putLink({
      crmType: 'contacts',
      crmId: '7',
      sfObject: 'Contact',
      sfId: '003007',
      name: 'Ann',
    });
    await kit.raw(store, plant, ['to-sf', '7', 'not json']);
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
    });
    expect(error?.message).toContain('stored damaged (it is not readable JSON)');
  });

  it('rebuilds a damaged write-back from the link, and drops one with nothing to rebuild from', async () => {
    const store = await kit.open();
    await store.putLink({ crmType: 'contacts', crmId: '7', sfObject: 'Contact', sfId: '003007' });
    await kit.raw(store, plant, ['sf-id-to-crm', '7', '{"sfId":42}']);
    await kit.raw(store, plant, ['sf-id-to-crm', '8', '[]']);
    const items = await store.peek('sf-id-to-crm', 'contacts', 10);
    expect(items.map((i) => i.payload)).toEqual([{ kind: 'write-back', sfId: '003007' }]);
    expect(await store.queueSize('sf-id-to-crm', 'contacts')).toBe(1);
    const messages = (await store.listErrors({ category: 'other' })).items.map((e) => [e.crmId, e.message]);
    expect(messages).toHaveLength(2);
    expect(messages.find(([id]) => id === '8')?.[1]).toContain('resync the record');
  });

  it('keeps links, filling only what a later write knows, and finds them from Salesforce', async () => {
    const store = await kit.open();
    await store.putLink({ crmType: 'contacts', crmId: '1', sfObject: 'Contact', name: 'Ann' });
    await store.putLink({ crmType: 'contacts', crmId: '1', sfObject: 'Contact', sfId: '003A', syncedAt: 9 });
    expect(await store.link('contacts', '1')).toEqual({
      crmType: 'contacts',
      crmId: '1',
      sfObject: 'Contact',
      sfId: '003A',
      name: 'Ann',
      syncedAt: 9,
      stampPending: false,
    });
    expect((await store.linkBySfId('003A'))?.crmId).toBe('1');
    expect(await store.link('contacts', '2')).toBeNull();
    expect(await store.linkedCount('contacts')).toBe(1);
    await store.setStampPending('contacts', '1', true);
    expect(await store.stampPending('contacts', 10)).toEqual([{ crmId: '1', sfId: '003A' }]);
    expect((await store.link('contacts', '1'))?.stampPending).toBe(true);
    await store.setContentHash('contacts', '1', 'h1', { email: 'a@b.c' });
    expect(await store.contentHash('contacts', '1')).toBe('h1');
    expect(await store.content('contacts', '1')).toEqual({ email: 'a@b.c' });
  });

  it('moves a link to a surviving record and closes one for good, dropping its pending pushes', async () => {
    const store = await kit.open();
    await store.putLink({ crmType: 'contacts', crmId: '1', sfObject: 'Lead', sfId: '00QA' });
    await store.moveLink('contacts', '1', 'Contact', '003B', true);
    expect(await store.link('contacts', '1')).toMatchObject({
      sfObject: 'Contact',
      sfId: '003B',
      stampPending: true,
    });
    expect(await store.linksTo('Contact')).toBe(1);
    await store.enqueue('to-sf', 'contacts', '1', { refetch: true }, 1);
    await store.enqueue('to-crm', 'contacts', '1', { refetch: true }, 1);
    await store.closeLink('contacts', '1', 'deleted in Salesforce', 50);
    expect(await store.link('contacts', '1')).toBeNull();
    expect(await store.closedLink('contacts', '1')).toEqual({
      crmType: 'contacts',
      crmId: '1',
      sfObject: 'Contact',
      sfId: '003B',
      reason: 'deleted in Salesforce',
      closedAt: 50,
    });
    expect((await store.closedLinkBySfId('003B'))?.crmId).toBe('1');
    expect(await store.isQueued('to-sf', 'contacts', '1')).toBe(false);
    expect(await store.isQueued('to-crm', 'contacts', '1')).toBe(true);
  });

  it('gives back each registered cursor, ignores a damaged one and forgets one on request', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const store = await kit.open();
      await store.setCursor('sf_poll_at', 42);
      await store.setCursor('sf:Contact', { stamp: '2026-11-28T12:00:00.000Z', id: '003A' });
      await store.setCursor('sf_poll_at', 43);
      expect(await store.cursor('sf_poll_at')).toBe(43);
      expect(await store.cursor('sf:Contact')).toEqual({ stamp: '2026-11-28T12:00:00.000Z', id: '003A' });
      expect(await store.cursor('mapping_fingerprint')).toBeNull();
      await kit.raw(store, 'INSERT INTO cursors (key, value) VALUES (?, ?)', ['crm:companies', 'not json']);
      expect(await store.cursor('crm:companies')).toBeNull();
      expect(await store.hasCursor('crm:companies')).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('"crm:companies"'));
      await store.deleteCursor('sf_poll_at');
      await store.forgetCursor('sf:Contact');
      expect(await store.hasCursor('sf_poll_at')).toBe(false);
      expect(await store.cursor('sf:Contact')).toBeNull();
    } finally {
      warn.mockRestore();
    }
  });

  it('caches describes until they are cleared', async () => {
    const store = await kit.open();
    await store.setDescribe('Contact', { fields: [{ name: 'Email' }] }, 5);
    await store.setDescribe('Contact', { fields: [{ name: 'Phone' }] }, 6);
    expect(await store.describe('Contact')).toEqual({ body: { fields: [{ name: 'Phone' }] }, fetchedAt: 6 });
    await store.clearDescribes();
    expect(await store.describe('Contact')).toBeNull();
  });
});
