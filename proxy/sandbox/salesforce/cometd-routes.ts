/**
 * @module The Streaming API of the embedded org: Bayeux 1.0 over long-polling at `/cometd/<version>`
 * (handshake, subscribe, unsubscribe, connect, disconnect) with Salesforce's replay extension
 * (`ext.replay = { channel: replayId }`, -1 new events only, -2 all retained), delivering the change
 * events of `change-events.ts`. jsforce's `conn.streaming` (faye 1.4) talks to it unchanged.
 *
 * Counting as Salesforce counts: CometD requests are not API requests (no charge against the daily
 * limit, no Sforce-Limit-Info); each event delivered counts against the event delivery allocation.
 * Bayeux failures are answered in the message (`successful: false`, `error: "403::Unknown client"`)
 * with HTTP 200, the way Salesforce answers them; faye reads them there.
 */
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import {
  ALL_CHANGES,
  changeLog,
  countDeliveries,
  eventsAfter,
  expire,
  lastReplayId,
  objectOfChannel,
  onPublished,
  validReplayFrom,
} from './change-events';
import type { SandboxDeps } from './sandbox-deps';
import { authenticate } from './sessions';

/** Salesforce holds a /meta/connect open up to 110 seconds when no event is waiting. */
export const CONNECT_TIMEOUT_MS = 110_000;
/**
 * A client that has not connected for this long is forgotten (its next connect is told to handshake).
 * Measured in real time, like the connect's hold: it is about the connection, and the org's simulated
 * clock (which tests move by hours between two long-polls a millisecond apart) would forget live clients.
 */
const CLIENT_TTL_MS = 3 * 60_000;
const elapsed = () => performance.now();
const SCHEMA = 'SyncHealthSandboxChangeEventSchema';

interface BayeuxMessage {
  channel?: string;
  id?: string;
  clientId?: string;
  subscription?: string | string[];
  ext?: { replay?: Record<string, unknown> };
}

interface CometdClient {
  id: string;
  /** channel → the last replay id delivered on it. */
  subscriptions: Map<string, number>;
  seenAt: number;
  /** A connect held open: answered early when another connect replaces it. */
  release?: () => void;
}

const INVALID_REPLAY = (id: unknown) =>
  `400::The replayId {${String(id)}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`;

export function createCometdRoutes(deps: SandboxDeps, options: { connectTimeoutMs?: number } = {}): Hono {
  const clients = new Map<string, CometdClient>();
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const app = new Hono();

  const forgetIdle = () => {
    const now = elapsed();
    for (const [id, client] of clients)
      if (!client.release && now - client.seenAt > CLIENT_TTL_MS) clients.delete(id);
  };

  /** Whether `channel` can be subscribed to: the generic channel, or the channel of an enabled object. */
  const knownChannel = (channel: string) => {
    if (channel === ALL_CHANGES) return true;
    const object = objectOfChannel(channel);
    return object !== null && changeLog(deps.state()).enabled.includes(object);
  };

  function authFailure(message: BayeuxMessage, c: Context): Record<string, unknown> | null {
    try {
      authenticate(deps.state(), deps.now(), c.req.header('authorization'));
      return null;
    } catch {
      return {
        channel: message.channel,
        id: message.id,
        clientId: message.clientId,
        successful: false,
        error: '401::Authentication invalid',
        advice: { reconnect: 'none', interval: 0 },
        ext: { sfdc: { failureReason: '401::Authentication invalid' } },
      };
    }
  }

  function handshake(m: BayeuxMessage): Record<string, unknown> {
    const id = randomBytes(12).toString('base64url');
    clients.set(id, { id, subscriptions: new Map(), seenAt: elapsed() });
    return {
      channel: '/meta/handshake',
      id: m.id,
      version: '1.0',
      minimumVersion: '1.0',
      clientId: id,
      supportedConnectionTypes: ['long-polling'],
      advice: { reconnect: 'retry', interval: 0, timeout: timeoutMs },
      ext: { replay: true, 'payload.format': true },
      successful: true,
    };
  }

  function subscribe(client: CometdClient, m: BayeuxMessage): Record<string, unknown>[] {
    const channels = Array.isArray(m.subscription) ? m.subscription : [m.subscription ?? ''];
    return channels.map((channel) => {
      const base = { channel: '/meta/subscribe', id: m.id, clientId: client.id, subscription: channel };
      if (!knownChannel(channel)) return { ...base, successful: false, error: '403::Unknown channel' };
      const asked = m.ext?.replay?.[channel];
      const from = asked === undefined || asked === null ? -1 : Number(asked);
      if (!validReplayFrom(deps.state(), from))
        return { ...base, successful: false, error: INVALID_REPLAY(asked) };
      const log = changeLog(deps.state());
      const position = from === -1 ? lastReplayId(deps.state()) : from === -2 ? log.expiredThrough : from;
      client.subscriptions.set(channel, position);
      return { ...base, successful: true };
    });
  }

  /** Events waiting for the client, its positions moved past them. */
  function take(client: CometdClient): Record<string, unknown>[] {
    const state = deps.state();
    const out: Record<string, unknown>[] = [];
    for (const [channel, position] of client.subscriptions) {
      const events = eventsAfter(state, channel, position);
      for (const e of events) {
        out.push({ channel, data: { schema: SCHEMA, payload: e.payload, event: { replayId: e.replayId } } });
      }
      if (events.length) client.subscriptions.set(channel, events[events.length - 1].replayId);
    }
    if (out.length) {
      countDeliveries(state, deps.now(), out.length);
      deps.persist();
    }
    return out;
  }

  async function connect(client: CometdClient, m: BayeuxMessage, signal: AbortSignal) {
    client.release?.();
    const reply = {
      channel: '/meta/connect',
      id: m.id,
      clientId: client.id,
      successful: true,
      advice: { reconnect: 'retry', interval: 0, timeout: timeoutMs },
    };
    let events = take(client);
    if (!events.length && client.subscriptions.size) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          stop();
          signal.removeEventListener('abort', done);
          client.release = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        const stop = onPublished(deps.state(), done);
        signal.addEventListener('abort', done);
        client.release = done;
      });
      // The connection broke while held (an interruption planted meanwhile): no answer, no event taken.
      if (deps.streaming.takeInterruption(client.subscriptions.keys())) return null;
      events = take(client);
    }
    client.seenAt = elapsed();
    return [...events, reply];
  }

  // A connect held on an interrupted channel breaks at once (the network failed under it).
  deps.streaming.onInterrupt((channel) => {
    for (const client of clients.values()) if (client.subscriptions.has(channel)) client.release?.();
  });
  /** What a proxy in front of Salesforce answers when the connection behind it fails: no Bayeux reply. */
  const brokenConnection = (c: Context) =>
    c.html('<html><body><h1>Service Unavailable</h1></body></html>', 503);

  /**
   * A request of a client subscribed to an interrupted channel (streaming-traffic.ts): its connect, its
   * disconnect, any of its messages. Consumes one interruption.
   */
  const interrupted = (messages: BayeuxMessage[]) =>
    messages.some((m) => {
      const client = m.clientId ? clients.get(m.clientId) : undefined;
      return client !== undefined && deps.streaming.takeInterruption(client.subscriptions.keys());
    });

  app.post('/:version{\\d{2}\\.\\d}/*', (c) => serve(c));
  app.post('/:version{\\d{2}\\.\\d}', (c) => serve(c));

  async function serve(c: Context): Promise<Response> {
    const raw = (await c.req.json().catch(() => null)) as unknown;
    const messages = (Array.isArray(raw) ? raw : [raw]).filter(
      (m): m is BayeuxMessage => typeof m === 'object' && m !== null,
    );
    if (!messages.length) {
      return c.json(
        [{ successful: false, error: '400::The request body must be a Bayeux message (JSON)' }],
        400,
      );
    }
    const now = deps.now();
    forgetIdle();
    expire(deps.state(), now);
    for (const m of messages)
      if (m.channel !== '/meta/handshake')
        deps.streaming.record({
          channel: String(m.channel),
          clientId: m.clientId ?? null,
          ...(typeof m.subscription === 'string' ? { subscription: m.subscription } : {}),
        });
    if (interrupted(messages)) return brokenConnection(c);
    const replies: Record<string, unknown>[] = [];
    for (const m of messages) {
      const denied = authFailure(m, c);
      if (denied) {
        if (m.channel === '/meta/handshake') deps.streaming.record({ channel: m.channel, clientId: null });
        replies.push(
          m.channel === '/meta/handshake' ? { ...denied, error: '403::Handshake denied' } : denied,
        );
        continue;
      }
      if (m.channel === '/meta/handshake') {
        const reply = handshake(m);
        deps.streaming.record({ channel: m.channel, clientId: String(reply.clientId) });
        replies.push(reply);
        continue;
      }
      const client = m.clientId ? clients.get(m.clientId) : undefined;
      if (!client) {
        replies.push({
          channel: m.channel,
          id: m.id,
          clientId: m.clientId,
          successful: false,
          error: '403::Unknown client',
          advice: { reconnect: 'handshake', interval: 0 },
        });
        continue;
      }
      client.seenAt = elapsed();
      switch (m.channel) {
        case '/meta/subscribe':
          replies.push(...subscribe(client, m));
          break;
        case '/meta/unsubscribe': {
          const channels = Array.isArray(m.subscription) ? m.subscription : [m.subscription ?? ''];
          for (const ch of channels) client.subscriptions.delete(ch);
          replies.push({
            channel: '/meta/unsubscribe',
            id: m.id,
            clientId: client.id,
            subscription: m.subscription,
            successful: true,
          });
          break;
        }
        case '/meta/connect': {
          const answer = await connect(client, m, c.req.raw.signal);
          if (!answer) return brokenConnection(c);
          replies.push(...answer);
          break;
        }
        case '/meta/disconnect':
          client.release?.();
          clients.delete(client.id);
          replies.push({ channel: '/meta/disconnect', id: m.id, clientId: client.id, successful: true });
          break;
        default:
          // Publishing to a change event channel is not allowed: only the org publishes them.
          replies.push({
            channel: m.channel,
            id: m.id,
            clientId: client.id,
            successful: false,
            error: `403::Publish to ${String(m.channel)} is not allowed`,
          });
      }
    }
    return c.json(replies);
  }

  return app;
}
