/**
 * The leader's lock connection drops (PostgreSQL ends its session, as on a network cut or a server restart):
 * it stops running the sync and becomes a standby, the other replica takes the lock within seconds, and a
 * resync asked on the old leader is carried out by the new one.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SANDBOX_IDENTITY } from '../../../../proxy/runtime/store-identity';
import { leaderLockKey } from '../../../../proxy/store/pg/replica-coordination';
import type { StatusResponse } from '../../../../shared/api/status';
import { twoReplicas } from './in-process';

async function until(test: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a leader whose lock connection drops', () => {
  const replicas = twoReplicas('lockloss');

  it('steps down, lets the other replica lead, and hands its resyncs to it', {
    timeout: 180_000,
  }, async () => {
    const { a, b } = replicas;
    const leader = a.sync.replica?.isLeader() ? a : b;
    const standby = leader === a ? b : a;
    expect(standby.sync.replica?.isLeader()).toBe(false);
    await leader.sync.engine.runOnce();

    // PostgreSQL ends the session holding the lock (what a dropped connection does).
    const [hi, lo] = leaderLockKey(SANDBOX_IDENTITY.key);
    const admin = new pg.Client({ connectionString: replicas.database });
    await admin.connect();
    const ended = await admin.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND objsubid = 2 AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [hi >>> 0, lo >>> 0],
    );
    await admin.end();
    expect(ended.rows).toEqual([{ done: true }]);

    await until(() => standby.sync.replica?.isLeader() === true);
    expect(leader.sync.replica?.isLeader()).toBe(false);
    // Named for an admin's token (the pairing token is the local proxy's admin).
    const statusOf = async (r: typeof a) =>
      (await (
        await fetch(`${r.proxy.url}/api/v1/status`, { headers: { authorization: `Bearer ${r.proxy.token}` } })
      ).json()) as StatusResponse;
    const status = await statusOf(leader);
    expect(status.replica).toMatchObject({
      role: 'standby',
      leader: { replica: status.replica?.leader?.replica },
    });
    const onStandby = await statusOf(standby);
    expect(onStandby.replica?.role).toBe('leader');
    expect(status.replica?.leader?.replica).toBe(onStandby.replica?.replica);

    // A resync asked on the old leader now runs on the new one, and answers with Salesforce's outcome.
    const { items } = await leader.sync.store.listErrors({ category: 'picklists' }, { limit: 5 });
    expect(items.length).toBeGreaterThan(0);
    const res = await fetch(`${leader.proxy.url}/api/v1/resync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${leader.proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ errorIds: items.map((i) => i.id) }),
    });
    expect(res.status).toBe(200);
    const { outcomes } = (await res.json()) as { outcomes: { id: string; outcome: string }[] };
    expect(outcomes.map((o) => o.id).sort()).toEqual(items.map((i) => i.id).sort());
  });
});
