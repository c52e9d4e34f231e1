import { serve } from '@hono/node-server';
import type { EventSourceMessage } from 'eventsource-parser';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventStream, StreamRefused } from './event-stream';

// A stand-in for the proxy's GET /api/v1/events speaking real SSE over HTTP: two events (the second
// after a heartbeat comment), then the end of the stream. It echoes what the client sent.
const app = new Hono().get('/api/v1/events', (c) => {
  if (c.req.header('authorization') !== 'Bearer good')
    return c.json(
      { error: { code: 'unauthorized', message: 'Pair again: the token is not this proxy’s.' } },
      401,
    );
  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ id: 'b-1', event: 'counts', data: JSON.stringify({ totalOpenErrors: 3 }) });
    await stream.write(': heartbeat\n\n');
    await stream.writeSSE({
      id: 'b-2',
      event: 'resumed-from',
      data: JSON.stringify({ lastEventId: c.req.header('last-event-id') ?? null }),
    });
  });
});

describe('readEventStream', () => {
  let server: ReturnType<typeof serve>;
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const read = async (token: string, lastEventId?: string) => {
    const events: EventSourceMessage[] = [];
    const seen: string[] = [];
    await readEventStream({
      url,
      token,
      lastEventId,
      signal: new AbortController().signal,
      onOpen: () => seen.push('open'),
      onHeartbeat: () => seen.push('heartbeat'),
      onEvent: (e) => {
        events.push(e);
        seen.push(e.event ?? 'message');
      },
    });
    return { events, seen };
  };

  it('reads named events with their ids and reports heartbeats in order', async () => {
    const { events, seen } = await read('good');
    expect(seen).toEqual(['open', 'counts', 'heartbeat', 'resumed-from']);
    expect(events[0]).toMatchObject({ id: 'b-1', event: 'counts', data: '{"totalOpenErrors":3}' });
  });

  it('sends the last event id so the proxy can resume', async () => {
    const { events } = await read('good', 'b-1');
    expect(JSON.parse(events[1]!.data)).toEqual({ lastEventId: 'b-1' });
  });

  it("refuses with the proxy's own message when the token is wrong", async () => {
    const err = await read('bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamRefused);
    expect(err).toMatchObject({ status: 401, message: 'Pair again: the token is not this proxy’s.' });
  });
});
