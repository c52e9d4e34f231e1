/**
 * Several replicas on one PostgreSQL database: the queue is claimed with FOR UPDATE SKIP LOCKED inside the
 * transaction that stores the results (`claimQueue`), so two engines running at once (a split brain during
 * a failover) hold disjoint changes and never send one twice.
 */
import { expect, it } from 'vitest';
import { describePostgres } from './stores';

/** A promise and its resolver: lets two claims overlap at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describePostgres('queue claims of two replicas', (kit) => {
  const enqueue = async (store: Awaited<ReturnType<typeof kit.open>>, n: number) => {
    for (let i = 1; i <= n; i++)
      await store.enqueue('to-sf', 'contacts', String(i), { props: { n: String(i) }, companyId: null }, i);
  };

  it('hands two concurrent claimers disjoint changes, and each change leaves the queue once', async () => {
    const a = await kit.open();
    const b = await kit.reopen(a);
    await enqueue(a, 12);
    const aHolds = gate();
    const bDone = gate();
    const claimedByA = a.claimQueue(async () => {
      const items = await a.peek('to-sf', 'contacts', 5);
      aHolds.open();
      // A keeps its rows locked while B claims: B must skip them, not wait for them.
      await bDone.opened;
      for (const item of items) await a.dequeue(item);
      return items.map((i) => i.recordId);
    });
    await aHolds.opened;
    const claimedByB = await b.claimQueue(async () => {
      const items = await b.peek('to-sf', 'contacts', 5);
      for (const item of items) await b.dequeue(item);
      return items.map((i) => i.recordId);
    });
    bDone.open();
    const byA = await claimedByA;
    expect(byA).toEqual(['1', '2', '3', '4', '5']);
    expect(claimedByB).toEqual(['6', '7', '8', '9', '10']);
    expect(byA.filter((id) => claimedByB.includes(id))).toEqual([]);
    expect((await a.peek('to-sf', 'contacts', 100)).map((i) => i.recordId)).toEqual(['11', '12']);
  });

  it('gives a claim that fails its changes back to the queue, and keeps the API calls it logged', async () => {
    const a = await kit.open();
    const b = await kit.reopen(a);
    await enqueue(a, 3);
    const failed = a.claimQueue(async () => {
      const items = await a.peek('to-sf', 'contacts', 10);
      await a.logCall(1_000, 'PATCH /composite/sobjects/Contact/HubSpot_Id__c', 'write');
      // While A holds them, nobody else gets them.
      expect(await b.claimQueue(() => b.peek('to-sf', 'contacts', 10))).toEqual([]);
      for (const item of items) await a.dequeue(item);
      throw new Error('Salesforce answered 503');
    });
    await expect(failed).rejects.toThrow('503');
    const back = await b.claimQueue(() => b.peek('to-sf', 'contacts', 10));
    expect(back.map((i) => i.recordId)).toEqual(['1', '2', '3']);
    expect(await b.calls24h(2_000)).toBe(1);
  });

  it('lets a claimer see changes queued by the other replica after its claim began', async () => {
    const a = await kit.open();
    const b = await kit.reopen(a);
    await enqueue(a, 2);
    const got = await a.claimQueue(async () => {
      const first = await a.peek('to-sf', 'contacts', 1);
      await b.enqueue('to-sf', 'contacts', 'late', { refetch: true }, 50);
      const more = await a.peek('to-sf', 'contacts', 10);
      return [...first, ...more].map((i) => i.recordId);
    });
    // Its own locked rows are seen again by the same claim; the late one is there too.
    expect(got).toEqual(['1', '1', '2', 'late']);
  });
});
