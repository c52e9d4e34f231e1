import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChangeStream,
  type ConnectOutcome,
  openChangeStream,
} from '../../../proxy/salesforce/streaming';
import { type RunningSandbox, startSandbox } from './start-sandbox';

/**
 * After the sync closes a change stream (shutdown, an object switched to polling), the org must hear
 * nothing more from it: faye retries handshakes and connects by itself, outside the client's state.
 * Counted at the org (the Bayeux messages it received), while a second stream keeps long-polling: its
 * connects, each held by the org, are the clock. faye waits 5 s before a retry and gives up on an
 * answer after 1.2 × the 2-second hold, so 8 of the probe's held connects cover both.
 */
describe('a closed change stream', () => {
  let sf: RunningSandbox;
  const streams: ChangeStream[] = [];
  beforeEach(async () => {
    sf = await startSandbox({ seed: false, cometdConnectTimeoutMs: 2000 });
    for (const object of ['Account', 'Contact'])
      await control(sf, '/change-events', { object, enabled: true });
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await sf.close();
  });

  const open = (outcomes: { object: string; outcome: ConnectOutcome }[] = []) => {
    const stream = openChangeStream(sf.connect().conn, {
      onEvent: () => undefined,
      onConnect: (object, outcome) => outcomes.push({ object, outcome }),
    });
    streams.push(stream);
    return stream;
  };

  /** The ids of the clients that subscribed to `object`'s channel, by the org's log. */
  const clientsOf = (object: string) =>
    new Set(
      sf.sandbox
        .streamingMessages()
        .filter((m) => m.channel === '/meta/subscribe' && m.clientId && subscribedTo(m, object))
        .map((m) => m.clientId),
    );
  const subscribedTo = (m: { subscription?: string }, object: string) =>
    m.subscription === `/data/${object}ChangeEvent`;

  /** Waits until the probe (Account's stream) sent `n` more connects: the org held each one 2 seconds. */
  async function probeConnects(n: number) {
    const probe = clientsOf('Account');
    const connects = () =>
      sf.sandbox
        .streamingMessages()
        .filter((m) => m.channel === '/meta/connect' && m.clientId && probe.has(m.clientId)).length;
    const target = connects() + n;
    const deadline = Date.now() + 120_000;
    while (connects() < target) {
      if (Date.now() > deadline) throw new Error(`the probe sent ${connects()} of ${target} connects`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Messages the org received from anyone but the probe, from index `from` on. */
  const othersSince = (from: number) => {
    const probe = clientsOf('Account');
    return sf.sandbox
      .streamingMessages()
      .slice(from)
      .filter((m) => !(m.clientId && probe.has(m.clientId)));
  };

  it.each([
    ['while its requests go unanswered (its disconnect too)', 'interrupted'],
    ['while its events flow', 'flowing'],
    ['while its handshake is on its way', 'handshaking'],
  ])('sends no handshake or connect after close() %s', async (_, when) => {
    const probe = open();
    await probe.subscribe('Account', -1);
    const outcomes: { object: string; outcome: ConnectOutcome }[] = [];
    const stream = open(outcomes);
    const subscribing = stream.subscribe('Contact', -1);
    if (when === 'handshaking') subscribing.catch(() => undefined);
    else await subscribing;
    if (when === 'interrupted') {
      await control(sf, '/change-events/interruptions', { object: 'Contact', count: 1000 });
      const deadline = Date.now() + 60_000;
      while (!outcomes.some((o) => o.outcome.kind === 'failed')) {
        if (Date.now() > deadline) throw new Error('no failed connect was reported');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    stream.close();
    // What close() itself sends (the courtesy /meta/disconnect) may still be on its way.
    await probeConnects(1);
    const from = sf.sandbox.streamingMessages().length;
    await probeConnects(8);
    expect(othersSince(from)).toEqual([]);
    // Nor does it report anything after close().
    const reported = outcomes.length;
    await probeConnects(1);
    expect(outcomes.length).toBe(reported);
  });
});

async function control(sf: RunningSandbox, path: string, body: unknown) {
  const res = await fetch(`${sf.instanceUrl}/_control${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sf.sandbox.controlToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}
