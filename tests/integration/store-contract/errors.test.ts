import { expect, it } from 'vitest';
import { contactError, picklistError } from './fixtures';
import { describeStores } from './stores';

describeStores('errors', (kit) => {
  it('keeps one open error per record, category and cause, counting occurrences', async () => {
    const store = await kit.open();
    const first = await store.recordError(picklistError('1'), 1000);
    const again = await store.recordError(picklistError('1'), 2000);
    const otherCause = await store.recordError(picklistError('1', 'Crypto'), 2000);
    expect(again).toEqual({ id: first.id, isNew: false });
    expect(otherCause).toEqual({ id: expect.not.stringMatching(`^${first.id}$`), isNew: true });
    expect((await store.getError(first.id))?.error).toMatchObject({
      occurrences: 2,
      firstSeen: 1000,
      lastSeen: 2000,
      status: 'open',
      recordName: 'Company 1',
      affectedRecords: 1,
    });
  });

  it('summarises all eight categories, zeros included, counting records once per category', async () => {
    const store = await kit.open();
    await store.recordError(picklistError('1'), 1);
    await store.recordError(picklistError('1', 'Crypto'), 1);
    await store.recordError(picklistError('2'), 1);
    await store.setCursor('last_sync_at', 77);
    await store.enqueue('to-sf', 'contacts', '7', { props: {}, companyId: null }, 1);
    const summary = await store.summary();
    expect(summary.categories).toHaveLength(8);
    expect(summary.categories.find((c) => c.category === 'picklists')).toEqual({
      category: 'picklists',
      openErrors: 3,
      affectedRecords: 2,
    });
    expect(summary).toMatchObject({ totalOpenErrors: 3, queueSize: 1, lastSyncAt: 77 });
    await store.resolveRecord(
      'companies',
      '1',
      5,
      new Set(['companies:1|picklists|picklist:Account.Industry:Crypto']),
    );
    expect((await store.summary()).categories.find((c) => c.category === 'picklists')).toMatchObject({
      openErrors: 2,
      affectedRecords: 2,
    });
    await store.resolveRecord('companies', '1', 6);
    expect((await store.summary()).categories.find((c) => c.category === 'picklists')).toMatchObject({
      openErrors: 1,
      affectedRecords: 1,
    });
    await store.recordError(picklistError('1'), 7);
    expect((await store.summary()).categories.find((c) => c.category === 'picklists')).toMatchObject({
      openErrors: 2,
      affectedRecords: 2,
    });
  });

  it('keeps a resolved error with its resolution time and opens a new one if it recurs', async () => {
    const store = await kit.open();
    const { id } = await store.recordError(picklistError('1'), 1);
    expect(await store.resolveRecord('companies', '1', 50)).toEqual([id]);
    expect((await store.getError(id))?.error).toMatchObject({ status: 'resolved', resolvedAt: 50 });
    expect((await store.summary()).totalOpenErrors).toBe(0);
    expect(await store.groups()).toEqual([]);
    expect(await store.resolveError(id, 60)).toBe(false);
    expect((await store.recordError(picklistError('1'), 60)).isNew).toBe(true);
    expect((await store.listErrors({ status: 'resolved' })).items.map((e) => e.id)).toEqual([id]);
  });

  it('groups errors by root cause, largest first, and lists the affected CRM records', async () => {
    const store = await kit.open();
    for (const id of ['1', '2', '3']) await store.recordError(picklistError(id), 1);
    await store.recordError(picklistError('4', 'Crypto'), 1);
    const groups = await store.groups({ category: 'picklists' });
    expect(groups.map((g) => [g.rootCauseKey, g.errors, g.records])).toEqual([
      ['picklist:Account.Industry:Biotech', 3, 3],
      ['picklist:Account.Industry:Crypto', 1, 1],
    ]);
    expect(groups[0]).toMatchObject({ code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', field: 'Industry' });
    expect(await store.groups({ category: 'duplicates' })).toEqual([]);
    expect(await store.affectedRecords('picklists')).toEqual([
      { crmType: 'companies', crmIds: ['1', '2', '3', '4'] },
    ]);
  });

  it('moves a group sample to another open error when its sample is resolved', async () => {
    const store = await kit.open();
    const a = await store.recordError(picklistError('1'), 1);
    await store.recordError({ ...picklistError('2'), message: 'second message' }, 2);
    await store.resolveError(a.id, 3);
    expect(await store.groups()).toMatchObject([{ errors: 1, sampleMessage: 'second message' }]);
  });

  it('pages errors with a cursor without repeating or skipping rows, in each sort', async () => {
    const store = await kit.open();
    for (let i = 0; i < 25; i++) {
      const e = picklistError(String(i));
      await store.recordError(
        { ...e, recordName: i % 4 ? `company ${i}` : i % 8 ? null : `COMPANY ${i}` },
        100 + (i % 5),
      );
    }
    for (const sort of ['last-attempt', 'first-seen', 'record'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listErrors({ category: 'picklists' }, { cursor, limit: 7, sort });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(25);
    }
    const byRecord = await store.listErrors({}, { sort: 'record', limit: 500 });
    const names = byRecord.items.map((e) => (e.recordName ?? e.crmId).toLowerCase());
    expect(names).toEqual([...names].sort());
    const byLast = (await store.listErrors({}, { limit: 500 })).items.map((e) => [e.lastSeen, Number(e.id)]);
    expect(byLast).toEqual([...byLast].sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]!));
  });

  it('refuses a page size above 500 and a cursor made for another sort, saying what to do', async () => {
    const store = await kit.open();
    for (let i = 0; i < 3; i++) await store.recordError(picklistError(String(i)), i);
    await expect(store.listErrors({}, { limit: 501 })).rejects.toThrow(/1 to 500/);
    const { nextCursor } = await store.listErrors({}, { limit: 1, sort: 'record' });
    await expect(store.listErrors({}, { cursor: nextCursor!, sort: 'first-seen' })).rejects.toThrow(
      /made for another sort/,
    );
    await expect(store.listErrors({}, { cursor: 'garbage' })).rejects.toThrow(/nextCursor/);
  });

  it('counts the open errors a filter matches, as the table under that filter lists them', async () => {
    const store = await kit.open();
    const a = await store.recordError(picklistError('1'), 1);
    await store.recordError(picklistError('2', 'Crypto'), 2);
    await store.recordError({ ...contactError('3'), sfId: '003AAA' }, 3);
    await store.recordError(contactError('4', 'c9'), 4);
    expect(await store.countErrors({})).toBe(4);
    expect(await store.countErrors({ category: 'picklists' })).toBe(3);
    expect(await store.countErrors({ category: 'picklists', object: 'Contact' })).toBe(1);
    expect(await store.countErrors({ object: 'companies' })).toBe(2);
    expect(await store.countErrors({ subType: 'blocking-record-not-synced' })).toBe(1);
    expect(await store.countErrors({ q: 'company 2' })).toBe(1);
    await store.resolveError(a.id, 5);
    expect(await store.countErrors({ category: 'picklists' })).toBe(2);
    expect(await store.countErrors({ status: 'resolved' })).toBe(1);
  });

  it('filters by category, object, group, ids, sub-type and free text (case-insensitive, wildcards literal)', async () => {
    const store = await kit.open();
    const a = await store.recordError(picklistError('1'), 1);
    await store.recordError(picklistError('2', 'Crypto'), 2);
    const c = await store.recordError({ ...contactError('3'), sfId: '003AAA', value: '100%_off' }, 3);
    await store.recordError(contactError('4', 'c9'), 4);
    const ids = async (filter: Parameters<typeof store.listErrors>[0]) =>
      (await store.listErrors(filter)).items.map((e) => e.crmId).sort();
    expect(await ids({ category: 'picklists' })).toEqual(['1', '2', '3']);
    expect(await ids({ object: 'Contact' })).toEqual(['3', '4']);
    expect(await ids({ object: 'companies' })).toEqual(['1', '2']);
    expect(await ids({ group: 'picklist:Account.Industry:Crypto' })).toEqual(['2']);
    expect(await ids({ ids: [a.id, c.id, 'not-an-id'] })).toEqual(['1', '3']);
    expect(await ids({ ids: [] })).toEqual([]);
    expect(await ids({ subType: 'blocking-record-not-synced' })).toEqual(['4']);
    expect(await ids({ q: 'company 2' })).toEqual(['2']);
    expect(await ids({ q: '003AAA' })).toEqual(['3']);
    expect(await ids({ q: '100%_' })).toEqual(['3']);
    expect(await ids({ q: '%' })).toEqual(['3']);
    expect(await ids({ q: 'BAD VALUE' })).toEqual(['1', '2', '3']);
    expect(await ids({ status: 'resolved' })).toEqual([]);
    // "Company c9 is not synced" is a message that matches too.
    expect(await store.iterateErrors({ q: 'Company' }).then((g) => [...g].map((e) => e.crmId))).toEqual([
      '4',
      '2',
      '1',
    ]);
  });

  it('keeps what a duplicate rule said across later, vaguer occurrences', async () => {
    const store = await kit.open();
    const dup = {
      ...contactError('5'),
      category: 'duplicates' as const,
      rootCauseKey: 'duplicate:rule' as never,
    };
    const { id } = await store.recordError(dup, 1);
    expect(await store.needsDuplicateCheck(id)).toBe(true);
    expect(
      await store.describeDuplicate(id, {
        duplicateOf: '003DUP',
        rule: 'Std',
        value: 'a@b.c',
        summary: 'Same e-mail',
      }),
    ).toBe(true);
    await store.recordError({ ...dup, value: null, summary: null, message: 'again' }, 2);
    expect((await store.getError(id))?.error).toMatchObject({
      duplicateOf: '003DUP',
      rule: 'Std',
      value: 'a@b.c',
      summary: 'Same e-mail',
      message: 'again',
      occurrences: 2,
    });
    expect(await store.needsDuplicateCheck(id)).toBe(false);
    const other = await store.recordError({ ...dup, crmId: '6' }, 3);
    await store.markDuplicateChecked(other.id);
    expect(await store.needsDuplicateCheck(other.id)).toBe(false);
    expect(await store.describeDuplicate('999999', { duplicateOf: 'x' })).toBe(false);
  });

  it('counts the records one blocking company holds back, and one for any other error', async () => {
    const store = await kit.open();
    for (const id of ['1', '2', '3']) await store.recordError(contactError(id, 'c7'), 1_000);
    await store.recordError(contactError('9'), 1_000);
    const affected = await store.affectedCounter();
    const [blocked] = (await store.listErrors({ category: 'associations' })).items;
    const [own] = (await store.listErrors({ category: 'picklists' })).items;
    expect(await affected(blocked!)).toBe(3);
    expect(await affected(own!)).toBe(1);
    const detail = await store.getError(blocked!.id);
    expect(detail?.affected.map((a) => a.crmId).sort()).toEqual(['1', '2', '3']);
    expect(await store.recordsBlockedByCompany('c7', 'NONE')).toHaveLength(3);
    expect(await store.recordsBlockedByCompany('c7', 'BLOCKED_BY_PARENT')).toEqual([]);
    expect((await store.openErrorsBlockedBy('BLOCKED_BY_PARENT', 'c7')).map((e) => e.crmId)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('writes history newest first, with who asked for an action', async () => {
    const store = await kit.open();
    const { id } = await store.recordError(picklistError('1'), 1);
    await store.addHistory('companies', '1', 10, 'push', 'failed', id, 'Industry refused');
    await store.recordActions([id, '424242', 'nope'], 'resync', 'ada@example.com', 20);
    await store.recordActions([id], 'resync', null, 30);
    const history = (await store.getError(id))?.history;
    expect(history).toEqual([
      { at: 30, action: 'resync', outcome: 'requested', errorId: id, detail: null },
      { at: 20, action: 'resync', outcome: 'requested', errorId: id, detail: null, actor: 'ada@example.com' },
      { at: 10, action: 'push', outcome: 'failed', errorId: id, detail: 'Industry refused' },
    ]);
    expect(await store.getError('12345')).toBeNull();
    expect(await store.getError('abc')).toBeNull();
  });

  it('looks a record up from either side, including a Salesforce record the CRM refused', async () => {
    const store = await kit.open();
    await store.putLink({
      crmType: 'contacts',
      crmId: '3',
      sfObject: 'Contact',
      sfId: '003L',
      name: 'Linked',
    });
    await store.recordError(contactError('3'), 1);
    await store.recordError({ ...contactError('sf:003U'), sfId: '003U' }, 2);
    const fromCrm = await store.recordLookup('hubspot', 'contacts', '3');
    expect(fromCrm).toMatchObject({ synced: true, link: { sfId: '003L', name: 'Linked' } });
    expect(fromCrm.openErrors).toHaveLength(1);
    expect(await store.recordLookup('salesforce', 'Contact', '003L')).toMatchObject({ link: { crmId: '3' } });
    const refused = await store.recordLookup('salesforce', 'Contact', '003U');
    expect(refused).toMatchObject({ link: null, synced: false });
    expect(refused.openErrors.map((e) => e.crmId)).toEqual(['sf:003U']);
    expect(await store.recordLookup('salesforce', 'Contact', '003none')).toEqual({
      link: null,
      synced: false,
      openErrors: [],
      history: [],
    });
  });

  it('digests new and resolved errors per category since a time', async () => {
    const store = await kit.open();
    await store.recordError(picklistError('1'), 100);
    const b = await store.recordError(picklistError('2'), 200);
    await store.resolveError(b.id, 300);
    const digest = await store.digest(150);
    expect(digest.categories.find((c) => c.category === 'picklists')).toEqual({
      category: 'picklists',
      newErrors: 1,
      resolved: 1,
      open: 1,
    });
  });

  it('hands out retries that are due, with attempts left', async () => {
    const store = await kit.open();
    const a = await store.recordError(picklistError('1'), 1);
    const b = await store.recordError(picklistError('2'), 1);
    const c = await store.recordError(picklistError('3'), 1);
    await store.scheduleRetry(a.id, 1, 100);
    await store.scheduleRetry(b.id, 5, 100);
    await store.scheduleRetry(c.id, 1, 900);
    expect((await store.dueRetries(500, 5)).map((r) => [String(r.id), r.retries, r.crmId])).toEqual([
      [a.id, 1, '1'],
    ]);
    await store.resolveError(a.id, 600);
    expect(await store.dueRetries(500, 5)).toEqual([]);
    expect(await store.openErrorIds('picklists')).toEqual([b.id, c.id]);
    expect(await store.errorKeyStartsWith(b.id, 'picklist:')).toBe(true);
    expect(await store.errorKeyStartsWith(b.id, 'blocking:')).toBe(false);
    expect(
      (await store.openErrorsOfRecord('companies', '2', ['A', 'B'], 'picklist:Account')).map(
        (e) => e.dedupeKey,
      ),
    ).toEqual(['companies:2|picklists|picklist:Account.Industry:Biotech']);
    expect(await store.recordsWithOpenErrors('Account', ['picklists'])).toEqual([
      { crmType: 'companies', crmId: '2' },
      { crmType: 'companies', crmId: '3' },
    ]);
    expect(await store.recordsWithOpenErrors('Account', [])).toEqual([]);
  });

  it('undoes every write of a transaction that throws, and of a nested one only its own', async () => {
    const store = await kit.open();
    await expect(
      store.tx(async () => {
        await store.recordError(picklistError('1'), 1);
        throw new Error('crash after the write');
      }),
    ).rejects.toThrow('crash after the write');
    expect((await store.summary()).totalOpenErrors).toBe(0);
    await store.tx(async () => {
      await store.recordError(picklistError('2'), 1);
      await store
        .tx(async () => {
          await store.recordError(picklistError('3'), 1);
          throw new Error('inner');
        })
        .catch(() => undefined);
    });
    expect((await store.listErrors({})).items.map((e) => e.crmId)).toEqual(['2']);
    expect((await store.summary()).categories.find((c) => c.category === 'picklists')?.openErrors).toBe(1);
  });
});
