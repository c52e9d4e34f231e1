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
) => { message: { channel?: string }; fail(): void };

const CONNECTS = new Set(['/meta/connect', '/meta/handshake']);

/**
 * faye retries a connect or handshake that got no answer (time-out, refused socket) by itself, without
 * passing it through the extensions again, and says `transport:down` only once per outage: the one
 * place that sees every failed attempt is its scheduler. faye takes a `scheduler` option for that, but
 * jsforce creates the client with no options, so the dispatcher's (internal) field is replaced here;
 * streaming.test.ts fails if a faye upgrade moves it.
 */
export function reportFailedAttempts(client: unknown, onFailed: (channel: string) => void): void {
  const dispatcher = (client as { _dispatcher?: { _scheduler?: FayeScheduler } })._dispatcher;
  const Base = dispatcher?._scheduler;
  if (!dispatcher || typeof Base !== 'function') {
    throw new Error('faye moved Dispatcher._scheduler: update streaming.ts before upgrading jsforce or faye');
  }
  dispatcher._scheduler = class extends Base {
    override fail() {
      super.fail();
      const channel = this.message.channel ?? '';
      if (CONNECTS.has(channel)) onFailed(channel);
    }
  };
}

/**
 * One faye client per object: the replay extension jsforce ships keeps one channel's position each, and
 * one object's stream can stop and start again without touching the others.
 */
export function openChangeStream(conn: Connection, handlers: ChangeStreamHandlers): ChangeStream {
  const clients = new Map<string, FayeClient>();
  return {
    async subscribe(object, replayFrom) {
      const channel = changeChannel(object);
      const replay = new StreamingExtension.Replay(channel, replayFrom);
      const client = conn.streaming.createClient([replay] as never) as unknown as FayeClient;
      let refuse: (reason: string) => void = () => undefined;
      client.addExtension({
        incoming(message: BayeuxReply, callback: (m: unknown) => void) {
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
      reportFailedAttempts(client, () =>
        handlers.onConnect(object, {
          kind: 'failed',
          reason: 'no answer from Salesforce on the streaming connection',
        }),
      );
      // A new subscription of the same object replaces its client (a new session, the current token).
      clients.get(object)?.disconnect();
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
              if (!h) return;
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
        client.disconnect();
        if (clients.get(object) === client) clients.delete(object);
        throw err;
      }
    },
    close(object) {
      for (const [o, c] of clients) {
        if (object !== undefined && o !== object) continue;
        clients.delete(o);
        c.disconnect();
      }
    },
  };
}
