/**
 * @module What reached the org's Streaming API (each Bayeux message, by channel and client), and the
 * interruptions a test plants on one object's streaming connection. Tests count the messages a client
 * sent (a closed client must send none); an interruption is the network failing between one subscriber
 * and Salesforce: that client's requests (connects, its disconnect) get no Bayeux answer (a proxy's HTML
 * 503), the others flow.
 */

export interface StreamingMessage {
  channel: string;
  /** The client the message came from; for a handshake, the client it created (null when refused). */
  clientId: string | null;
  /** A subscribe's channel. */
  subscription?: string;
}

export interface StreamingTraffic {
  /** The Bayeux messages received, oldest first (the last 10,000: a demo org runs for days). */
  readonly messages: StreamingMessage[];
  record(message: StreamingMessage): void;
  /** The next `count` requests of clients subscribed to `channel` get no Bayeux answer. */
  interrupt(channel: string, count: number): void;
  /** Called with the channel at each `interrupt()`: a connect held open on it breaks at once. */
  onInterrupt(listener: (channel: string) => void): void;
  /** Consumes one interruption of any of `channels`; true when this request must go unanswered. */
  takeInterruption(channels: Iterable<string>): boolean;
  clear(): void;
}

const KEPT = 10_000;

export function createStreamingTraffic(): StreamingTraffic {
  const interruptions = new Map<string, number>();
  const listeners: ((channel: string) => void)[] = [];
  const messages: StreamingMessage[] = [];
  return {
    messages,
    record(message) {
      messages.push(message);
      if (messages.length > KEPT) messages.splice(0, messages.length - KEPT);
    },
    interrupt(channel, count) {
      interruptions.set(channel, (interruptions.get(channel) ?? 0) + count);
      for (const listener of listeners) listener(channel);
    },
    onInterrupt(listener) {
      listeners.push(listener);
    },
    takeInterruption(channels) {
      for (const channel of channels) {
        const left = interruptions.get(channel) ?? 0;
        if (left <= 0) continue;
        if (left === 1) interruptions.delete(channel);
        else interruptions.set(channel, left - 1);
        return true;
      }
      return false;
    },
    clear() {
      interruptions.clear();
      messages.length = 0;
    },
  };
}
