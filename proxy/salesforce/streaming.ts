/**
 * @module Change Data Capture through jsforce's Streaming API client (faye, CometD long-polling at
 * `/cometd/<version>`): one subscription per object channel (`/data/ContactChangeEvent`), each
 * replaying from a stored replay id, with health seen from the client's own transport events.
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

export interface ChangeStreamHandlers {
  onEvent(e: ChangeEvent): void;
  /** The connection went down (or came back): events may not arrive while it is down. */
  onHealth(up: boolean, reason?: string): void;
}

export interface ChangeStream {
  /**
   * Subscribes to the change events of `object`, replaying after `replayFrom` (-1: new events only).
   * Rejects with Salesforce's reason when the org refuses (e.g. the object's change events are not enabled).
   */
  subscribe(object: string, replayFrom: number): Promise<void>;
  close(): void;
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
  on(event: 'transport:down' | 'transport:up', listener: () => void): void;
  addExtension(ext: unknown): void;
}

/** One faye client per object: the replay extension jsforce ships keeps one channel's position each. */
export function openChangeStream(conn: Connection, handlers: ChangeStreamHandlers): ChangeStream {
  const clients: FayeClient[] = [];
  return {
    async subscribe(object, replayFrom) {
      const channel = changeChannel(object);
      const replay = new StreamingExtension.Replay(channel, replayFrom);
      const client = conn.streaming.createClient([replay] as never) as unknown as FayeClient;
      let refuse: (reason: string) => void = () => undefined;
      // A refused session ends the stream for good (faye would otherwise wait or retry forever).
      client.addExtension({
        incoming(message: BayeuxReply, callback: (m: unknown) => void) {
          if (message.successful === false && message.advice?.reconnect === 'none') {
            const reason = message.error ?? 'the session was refused';
            refuse(reason);
            handlers.onHealth(false, `Salesforce refused the streaming session (${reason})`);
          }
          callback(message);
        },
      });
      client.on('transport:down', () =>
        handlers.onHealth(false, 'the streaming connection to Salesforce dropped'),
      );
      client.on('transport:up', () => handlers.onHealth(true));
      clients.push(client);
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
        clients.splice(clients.indexOf(client), 1);
        throw err;
      }
    },
    close() {
      for (const c of clients.splice(0)) c.disconnect();
    },
  };
}
