import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/api/streaming';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

type ChangeMessage = {
  payload: Record<string, unknown> & {
    ChangeEventHeader: {
      entityName: string;
      changeType: string;
      recordIds: string[];
      changedFields: string[];
      commitTimestamp: number;
      transactionKey: string;
      changeOrigin: string;
    };
  };
  event: { replayId: number };
};

type Faye = ReturnType<Connection['streaming']['createClient']>;

/** Collects what a channel delivers; `next(n)` waits until n messages arrived. */
function collect(client: Faye, channel: string) {
  const got: ChangeMessage[] = [];
  let wake: (() => void) | null = null;
  const subscription = client.subscribe(channel, (m: unknown) => {
    got.push(m as ChangeMessage);
    wake?.();
  });
  return {
    got,
    ready: Promise.resolve(subscription as unknown as PromiseLike<void>),
    async next(n: number) {
      const deadline = Date.now() + 5000;
      while (got.length < n) {
        if (Date.now() > deadline) throw new Error(`waited for ${n} change events, got ${got.length}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return got;
    },
  };
}

async function control(sf: RunningSandbox, path: string, body?: unknown) {
  const res = await fetch(`${sf.instanceUrl}/_control${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${sf.sandbox.controlToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const conn0 = (sf: RunningSandbox) => sf.connect().conn;

describe('Change Data Capture over CometD through jsforce streaming', () => {
  let sf: RunningSandbox;
  const clients: Faye[] = [];
  beforeEach(async () => {
    sf = await startSandbox({ seed: false, cometdConnectTimeoutMs: 2000 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) (c as unknown as { disconnect(): void }).disconnect();
    await sf.close();
  });
  const streamingClient = (conn: Connection, extensions: unknown[] = []) => {
    const client = conn.streaming.createClient(extensions as never);
    clients.push(client);
    return client;
  };

  it('delivers CREATE, UPDATE and DELETE events of an enabled object with Salesforce’s change event header', async () => {
    await control(sf, '/change-events', { object: 'Contact', enabled: true });
    const { conn } = sf.connect();
    const stream = collect(streamingClient(conn), '/data/ContactChangeEvent');
    await stream.ready;
    const created = (await conn
      .sobject('Contact')
      .create({ LastName: 'Streamed', Email: 'a@example.com' })) as {
      id: string;
    };
    await conn.sobject('Contact').update({ Id: created.id, Email: 'b@example.com' });
    await conn.sobject('Contact').destroy(created.id);
    const [create, update, remove] = await stream.next(3);
    expect(create.payload.ChangeEventHeader).toMatchObject({
      entityName: 'Contact',
      changeType: 'CREATE',
      recordIds: [created.id],
      changeOrigin: expect.stringContaining('com/salesforce/api/rest'),
    });
    expect(create.payload.LastName).toBe('Streamed');
    expect(update.payload.ChangeEventHeader.changeType).toBe('UPDATE');
    expect(update.payload.ChangeEventHeader.changedFields).toContain('Email');
    expect(update.payload.ChangeEventHeader.changedFields).not.toContain('LastName');
    expect(update.payload.Email).toBe('b@example.com');
    expect(update.payload.LastName).toBeUndefined();
    expect(remove.payload.ChangeEventHeader.changeType).toBe('DELETE');
    expect(update.event.replayId).toBeGreaterThan(create.event.replayId);
  });

  it('sends nothing for an object whose change events are not enabled, and refuses its channel', async () => {
    await control(sf, '/change-events', { object: 'Contact', enabled: true });
    const { conn } = sf.connect();
    const client = streamingClient(conn);
    const refused = await new Promise<unknown>((resolve) => {
      const s = client.subscribe('/data/AccountChangeEvent', () => undefined) as unknown as {
        then(ok: () => void, fail: (e: unknown) => void): void;
      };
      s.then(
        () => resolve(null),
        (e) => resolve(e),
      );
    });
    expect(String((refused as { message?: string })?.message ?? refused)).toMatch(/Unknown channel/);
    const all = collect(client, '/data/ChangeEvents');
    await all.ready;
    await conn.sobject('Account').create({ Name: 'Not published' });
    await conn.sobject('Contact').create({ LastName: 'Published' });
    const [only] = await all.next(1);
    expect(only.payload.ChangeEventHeader.entityName).toBe('Contact');
  });

  it('replays stored events after a given replay id, and all retained ones with -2', async () => {
    await control(sf, '/change-events', { object: 'Contact', enabled: true });
    const { conn } = sf.connect();
    for (const name of ['One', 'Two', 'Three']) await conn.sobject('Contact').create({ LastName: name });
    const first = (await control(sf, '/change-events')).body.lastReplayId as number;
    expect(first).toBe(3);
    const fromOne = collect(
      streamingClient(conn, [new StreamingExtension.Replay('/data/ContactChangeEvent', 1)]),
      '/data/ContactChangeEvent',
    );
    const names = (await fromOne.next(2)).map((m) => m.payload.LastName);
    expect(names).toEqual(['Two', 'Three']);
    const all = collect(
      streamingClient(conn, [new StreamingExtension.Replay('/data/ContactChangeEvent', -2)]),
      '/data/ContactChangeEvent',
    );
    expect((await all.next(3)).map((m) => m.payload.LastName)).toEqual(['One', 'Two', 'Three']);
  });

  it('keeps events 72 hours: a replay id older than that is refused as invalid', async () => {
    await control(sf, '/change-events', { object: 'Contact', enabled: true });
    await conn0(sf).sobject('Contact').create({ LastName: 'Old' });
    sf.clock.advance(73 * 60 * 60 * 1000);
    // A session lasts two hours: three days later the client signs in again.
    const { conn } = sf.connect();
    await conn.sobject('Contact').create({ LastName: 'New' });
    const client = streamingClient(conn, [new StreamingExtension.Replay('/data/ContactChangeEvent', 0)]);
    const refused = await new Promise<unknown>((resolve) => {
      const s = client.subscribe('/data/ContactChangeEvent', () => undefined) as unknown as {
        then(ok: () => void, fail: (e: unknown) => void): void;
      };
      s.then(
        () => resolve(null),
        (e) => resolve(e),
      );
    });
    expect(String((refused as { message?: string })?.message ?? refused)).toMatch(/replayId \{0\}.*invalid/);
  });

  it('charges no API request for streaming and counts deliveries against the event allocation in /limits', async () => {
    await control(sf, '/change-events', { object: 'Contact', enabled: true });
    const { conn } = sf.connect();
    const stream = collect(streamingClient(conn), '/data/ContactChangeEvent');
    await stream.ready;
    const before = sf.sandbox.stats().apiUsage;
    await fetch(`${sf.instanceUrl}/_control/records/Contact`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sf.sandbox.controlToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { LastName: 'Edited in the UI' } }),
    });
    const [event] = await stream.next(1);
    expect(event.payload.ChangeEventHeader.changeOrigin).toBe('');
    expect(sf.sandbox.stats().apiUsage).toBe(before);
    const limits = (await conn.request('/services/data/v62.0/limits')) as Record<
      string,
      { Max: number; Remaining: number }
    >;
    expect(limits.DailyDeliveredPlatformEvents.Max - limits.DailyDeliveredPlatformEvents.Remaining).toBe(1);
  });

  it('refuses a handshake without a valid session, telling the client not to retry', async () => {
    const res = await fetch(`${sf.instanceUrl}/cometd/62.0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'OAuth nope' },
      body: JSON.stringify([
        { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
      ]),
    });
    const [reply] = (await res.json()) as Record<string, unknown>[];
    expect(reply).toMatchObject({
      successful: false,
      error: '403::Handshake denied',
      advice: { reconnect: 'none' },
    });
  });

  it('answers a connect from a client it does not know with advice to handshake again', async () => {
    const { conn } = sf.connect();
    const res = await fetch(`${sf.instanceUrl}/cometd/62.0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `OAuth ${conn.accessToken}` },
      body: JSON.stringify([{ channel: '/meta/connect', clientId: 'gone', connectionType: 'long-polling' }]),
    });
    const [reply] = (await res.json()) as Record<string, unknown>[];
    expect(reply).toMatchObject({
      successful: false,
      error: '403::Unknown client',
      advice: { reconnect: 'handshake' },
    });
  });

  it('refuses enabling change events for an object the org does not have, naming the valid ones', async () => {
    const res = await control(sf, '/change-events', { object: 'Widget', enabled: true });
    expect(res.status).toBe(400);
    expect(String((res.body.error as { message: string }).message)).toMatch(
      /Unknown object "Widget".*Contact/,
    );
  });

  it.each([
    [{ object: 'Contact' }, /"count": 3/],
    [{ object: 'Contact', count: 0 }, /a whole number above 0/],
    [{ object: 'Widget', count: 1 }, /Unknown object "Widget".*Contact/],
  ])('refuses the interruption %j with a 400 saying what to send', async (body, message) => {
    const res = await control(sf, '/change-events/interruptions', body);
    expect(res.status).toBe(400);
    expect(String((res.body.error as { message: string }).message)).toMatch(message);
  });
});
