/**
 * @module Change Data Capture through jsforce's Streaming API client (faye, CometD long-polling at
 * `/cometd/<version>`): one subscription per object channel (`/data/ContactChangeEvent`), each
 * replaying from a stored replay id. Health is reported per connect and handshake attempt, as the
 * Streaming API answers it (`successful`, `error`, `advice.reconnect`) or as the transport failed to get
 * an answer at all: the sync counts failed attempts, never the time between two looks at a clock.
 *
 * Not metered: Salesforce counts CometD requests against no API limit (deliveries count against the
 * event allocation instead), and faye's HTTP does not go through jsforce's transport anyway.
 */
import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/api/streaming';

export interface ChangeEvent {
  object: string;
  changeType: 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE' | 'GAP_CREATE' | 'GAP_UPDATE' | string;
  recordIds: string[];
  commitUser: string;
  /** `com/salesforce/api/rest/62.0;client=SyncHealth` for our own writes; empty for edits in the UI. */
  changeOrigin: string;
  commitTimestamp: number;
  replayId: number;
}

/**
 * One connect or handshake attempt as it ended: answered successfully (`ok`); failed (`failed`: the
 * Streaming API answered `successful: false`, e.g. `403::Unknown client`, or no answer came before the
 * client's timeout, or the request failed); or the session refused for good (`refused`: the Streaming
 * API advised `reconnect: none`, e.g. `401::Authentication invalid`, `403::Handshake denied`).
 */
export type ConnectOutcome =
  | { kind: 'ok' }
  | { kind: 'failed'; reason: string }
  | { kind: 'refused'; reason: string };

export interface ChangeStreamHandlers {
  onEvent(e: ChangeEvent): void;
  /** Each connect or handshake attempt's outcome, for each object's client. */
  onConnect(object: string, outcome: ConnectOutcome): void;
}

export interface ChangeStream {
  /**
   * Subscribes to the change events of `object`, replaying after `replayFrom` (-1: new events only).
   * Rejects with Salesforce's reason when the org refuses (e.g. the object's change events are not enabled).
   */
  subscribe(object: string, replayFrom: number): Promise<void>;
  /** Ends the subscription of `object` (its client alone), or of every object when none is named. */
  close(object?: string): void;
}

const SUBSCRIBE_TIMEOUT_MS = 10_000;

interface BayeuxReply {
  channel?: string;
  successful?: boolean;
  error?: string;
  advice?: { reconnect?: string };
}

export const changeChannel = (object: string) => `/data/${object}ChangeEvent`;

interface FayeClient {
  subscribe(channel: string, listener: (m: unknown) => void): PromiseLike<void> & { cancel(): void };
  disconnect(): void;
  addExtension(ext: unknown): void;
}

/** faye's retry scheduler (one per message): `fail()` is called for each delivery that got no answer. */
type FayeScheduler = new (
  message: { channel?: string },
  options: unknown,
) => { message: { channel?: string }; attempts: number; fail(): void; isDeliverable(): boolean };

const CONNECTS = new Set(['/meta/connect', '/meta/handshake']);

/**
 * faye retries a connect or handshake that got no answer (time-out, refused socket) by itself, without
 * passing it through the extensions again, and says `transport:down` only once per outage: the one
 * place that sees every failed attempt is its scheduler. faye takes a `scheduler` option for that, but
 * jsforce creates the client with no options, so the dispatcher's (internal) field is replaced here;
 * streaming.test.ts fails if a faye upgrade moves it.
 *
 * The scheduler is also the one place that can end those retries: faye's `disconnect()` does nothing
 * unless the client is connected (a handshake on its way goes on, then subscribes and connects), and an
 * unanswered disconnect leaves the transport open for every pending retry. Once `closed()`, no message
 * is deliverable any more, except the first sending of the courtesy `/meta/disconnect`.
 */
export function reportFailedAttempts(
  client: unknown,
  onFailed: (channel: string) => void,
  closed: () => boolean = () => false,
): void {
  const dispatcher = (client as { _dispatcher?: { _scheduler?: FayeScheduler } })._dispatcher;
  const Base = dispatcher?._scheduler;
  if (!dispatcher || typeof Base !== 'function') {
    throw new Error('faye moved Dispatcher._scheduler: update streaming.ts before upgrading jsforce or faye');
  }
  dispatcher._scheduler = class extends Base {
    override fail() {
      super.fail();
      const channel = this.message.channel ?? '';
      if (CONNECTS.has(channel) && !closed()) onFailed(channel);
    }
    override isDeliverable() {
      if (closed() && (this.message.channel !== '/meta/disconnect' || this.attempts > 0)) return false;
      return super.isDeliverable();
    }
  };
}

/**
 * One faye client per object: the replay extension jsforce ships keeps one channel's position each, and
 * one object's stream can stop and start again without touching the others.
 */
export function openChangeStream(conn: Connection, handlers: ChangeStreamHandlers): ChangeStream {
  const clients = new Map<string, FayeClient>();
  /** Clients ended: they send nothing more (see reportFailedAttempts) and report nothing. */
  const closed = new WeakSet<FayeClient>();
  const end = (client: FayeClient) => {
    if (closed.has(client)) return;
    closed.add(client);
    client.disconnect();
  };
  return {
    async subscribe(object, replayFrom) {
      const channel = changeChannel(object);
      const replay = new StreamingExtension.Replay(channel, replayFrom);
      const client = conn.streaming.createClient([replay] as never) as unknown as FayeClient;
      let refuse: (reason: string) => void = () => undefined;
      client.addExtension({
        outgoing(message: BayeuxReply, callback: (m: unknown) => void) {
          // A closed client sends nothing but its one courtesy disconnect (faye would handshake again).
          if (closed.has(client) && message.channel !== '/meta/disconnect') return callback(null);
          callback(message);
        },
        incoming(message: BayeuxReply, callback: (m: unknown) => void) {
          if (closed.has(client)) return callback(message);
          if (CONNECTS.has(message.channel ?? '') && message.successful !== undefined) {
            const error = message.error ?? 'no reason given';
            if (message.successful) handlers.onConnect(object, { kind: 'ok' });
            else if (message.advice?.reconnect === 'none') {
              // A refused session ends the stream for good (faye would otherwise wait or retry forever).
              refuse(error);
              handlers.onConnect(object, {
                kind: 'refused',
                reason: `Salesforce refused the streaming session (${error})`,
              });
            } else
              handlers.onConnect(object, {
                kind: 'failed',
                reason: `Salesforce did not accept the streaming connection (${error})`,
              });
          }
          callback(message);
        },
      });
      reportFailedAttempts(
        client,
        () =>
          handlers.onConnect(object, {
            kind: 'failed',
            reason: 'no answer from Salesforce on the streaming connection',
          }),
        () => closed.has(client),
      );
      // A new subscription of the same object replaces its client (a new session, the current token).
      const replaced = clients.get(object);
      if (replaced) end(replaced);
      clients.set(object, client);
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error('no answer to the subscription')),
            SUBSCRIBE_TIMEOUT_MS,
          );
          refuse = (reason) => {
            clearTimeout(timer);
            reject(new Error(reason));
          };
          client
            .subscribe(channel, (m) => {
              const data = m as {
                payload?: { ChangeEventHeader?: Record<string, unknown> };
                event?: { replayId?: number };
              };
              const h = data.payload?.ChangeEventHeader;
              if (!h || closed.has(client)) return;
              handlers.onEvent({
                object: String(h.entityName ?? object),
                changeType: String(h.changeType),
                recordIds: (h.recordIds as string[]) ?? [],
                commitUser: String(h.commitUser ?? ''),
                changeOrigin: String(h.changeOrigin ?? ''),
                commitTimestamp: Number(h.commitTimestamp ?? 0),
                replayId: Number(data.event?.replayId ?? 0),
              });
            })
            .then(
              () => {
                clearTimeout(timer);
                resolve();
              },
              (err: unknown) => {
                clearTimeout(timer);
                reject(new Error(String((err as { message?: string })?.message ?? err)));
              },
            );
        });
      } catch (err) {
        end(client);
        if (clients.get(object) === client) clients.delete(object);
        throw err;
      }
    },
    close(object) {
      for (const [o, c] of clients) {
        if (object !== undefined && o !== object) continue;
        clients.delete(o);
        end(c);
      }
    },
  };
}
