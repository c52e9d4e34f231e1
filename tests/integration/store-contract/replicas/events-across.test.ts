/**
 * Server-sent events across replicas (LISTEN/NOTIFY): a client connected to the standby replica B sees the
 * `error` and `state` events of the sync running on replica A, and B's status and sync state name A's.
 * Two sandbox proxies in this process on one PostgreSQL database, each with its own data folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTeamAlerts } from '../../../../proxy/alerts/team-alerts';
import { openTeamStorage } from '../../../../proxy/cli/team-storage';
import type { StatusResponse } from '../../../../shared/api/status';
import { slackReceiver } from '../../../team-server';
import { readSse } from '../../api/sse-reader';
import { type InProcessReplica, twoReplicas } from './in-process';

type Running = InProcessReplica;

describe('events of the sync reach the clients of every replica', () => {
  const replicas = twoReplicas('events');
  const headers = (r: Running) => ({ authorization: `Bearer ${r.proxy.token}` });

  it('names the replica that runs the sync on both replicas', async () => {
    const { a, b } = replicas;
    const of = async (r: Running) =>
      // The replicas' names are for an admin's token (the local proxy's pairing token is its admin).
      (
        (await (
          await fetch(`${r.proxy.url}/api/v1/status`, { headers: headers(r) })
        ).json()) as StatusResponse
      ).replica;
    const onA = await of(a);
    const onB = await of(b);
    expect(onA?.role).toBe('leader');
    expect(onB?.role).toBe('standby');
    expect(onB?.leader?.replica).toBe(onA?.replica);
    expect(onB?.summary).toContain(`The sync runs on replica ${onA?.replica} since`);
    expect(onA?.summary).toContain('The sync runs on this replica');
  });

  it("sends a client of the standby the leader's state and error events, and hands the standby's clear to the leader", {
    timeout: 180_000,
  }, async () => {
    const { a, b } = replicas;
    const res = await fetch(`${b.proxy.url}/api/v1/events`, { headers: headers(b) });
    const sse = readSse(res);
    await sse.until(() => sse.events.some((e) => e.event === 'counts'));

    // The org has API access off: the leader's first run suspends, and the standby's client hears it.
    a.sandboxes.salesforce.control.setApiEnabled(false);
    await a.sync.engine.runOnce();
    await sse.until(() =>
      sse.events.some((e) => e.event === 'state' && JSON.parse(e.data).state === 'suspended'),
    );
    const suspended = await (
      await fetch(`${b.proxy.url}/api/v1/sync/status`, { headers: headers(b) })
    ).json();
    expect(suspended.state).toMatchObject({ state: 'suspended', id: 'api-disabled' });

    // Access back; the admin clears the suspension on the standby: the leader clears it.
    a.sandboxes.salesforce.control.setApiEnabled(true);
    const cleared = await fetch(`${b.proxy.url}/api/v1/suspensions/api-disabled/clear`, {
      method: 'POST',
      headers: headers(b),
    });
    expect(cleared.status).toBe(200);
    expect(await a.sync.engine.status()).toEqual({ state: 'running' });
    await sse.until(() =>
      sse.events.some((e) => e.event === 'state' && JSON.parse(e.data).state === 'running'),
    );

    const sentAt = new Map<string, number>();
    a.sync.engine.events.on('error', ({ id }) => sentAt.set(id, Date.now()));
    const receivedAt = new Map<string, number>();
    const watch = setInterval(() => {
      for (const e of sse.events)
        if (e.event === 'error') {
          const id = JSON.parse(e.data).id as string;
          if (!receivedAt.has(id)) receivedAt.set(id, Date.now());
        }
    }, 5);
    await a.sync.engine.runOnce();
    await sse.until(() => sse.events.filter((e) => e.event === 'error').length >= sentAt.size, 20_000);
    clearInterval(watch);
    expect(sentAt.size).toBeGreaterThan(0);
    const received = sse.events.filter((e) => e.event === 'error').map((e) => JSON.parse(e.data).id);
    expect(new Set(received)).toEqual(new Set(sentAt.keys()));
    const delays = [...sentAt]
      .map(([id, at]) => (receivedAt.get(id) ?? Date.now()) - at)
      .sort((x, y) => x - y);
    console.log(
      `[figure] events across replicas: ${delays.length.toLocaleString('en-US')} error events, median ${delays[delays.length >> 1]?.toLocaleString('en-US')} ms, slowest ${delays.at(-1)?.toLocaleString('en-US')} ms from replica A's engine to a client of replica B`,
    );
    await sse.close();
  });

  it('sends the team digest once, from the replica that runs the sync, not once per replica', async () => {
    const { a, b, database } = replicas;
    const slack = await slackReceiver('digest');
    try {
      const key = Buffer.alloc(32, 5);
      const dataDir = mkdtempSync(join(tmpdir(), 'sh-digest-'));
      const { alertSettings } = await openTeamStorage({ dataDir, database, key });
      await alertSettings.update({ slackWebhookUrl: slack.url });
      await a.sync.store.setSettings({
        notifications: { enabled: true, frequency: 'daily', usageWarningPercent: 80 },
      });
      // The last digest is a day old on both (the team directory both replicas share).
      let last: number | null = Date.now() - 25 * 3_600_000;
      const lastDigest = {
        get: async () => last,
        set: async (at: number) => {
          last = at;
        },
      };
      const alertsOf = (r: Running) =>
        createTeamAlerts({ settings: alertSettings, sync: () => r.sync, lastDigest });
      const fromStandby = await alertsOf(b).digestIfDue();
      const fromLeader = await alertsOf(a).digestIfDue();
      expect(fromStandby).toBeNull();
      expect(fromLeader).toEqual([{ channel: 'slack', ok: true }]);
      expect(slack.posts).toHaveLength(1);
      expect(slack.posts[0]?.text).toContain('Daily sync digest');
    } finally {
      await slack.close();
    }
  });
});
