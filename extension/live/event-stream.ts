/**
 * @module Reads the proxy's GET /api/v1/events with fetch (an MV3 service worker has no EventSource, and
 * EventSource cannot send the pairing token) and eventsource-parser for the framing.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export class StreamRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StreamRefused';
  }
}

export interface StreamOptions {
  url: string;
  token: string;
  lastEventId?: string;
  signal: AbortSignal;
  onOpen(): void;
  /** A comment line: the proxy's heartbeat, proof that the connection is alive. */
  onHeartbeat(): void;
  onEvent(event: EventSourceMessage): void;
}

/** Resolves when the proxy ends the stream; rejects on a network failure or a refused request. */
export async function readEventStream(o: StreamOptions): Promise<void> {
  const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${o.token}` };
  if (o.lastEventId) headers['last-event-id'] = o.lastEventId;
  const res = await fetch(`${o.url}/api/v1/events`, { headers, signal: o.signal, cache: 'no-store' });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new StreamRefused(res.status, body?.error?.message ?? `The proxy answered HTTP ${res.status}.`);
  }
  o.onOpen();
  const parser = createParser({ onEvent: o.onEvent, onComment: o.onHeartbeat });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.feed(value);
  }
}

/**
 * 1 s, 2 s, 4 s … 30 s: a proxy that is starting is found quickly, a stopped one is not hammered. A timer
 * rather than p-retry: the wait must be cut short by an alarm, a `reconnect` message or new settings,
 * and a worker that is stopped forgets any pending retry anyway (the alarm takes over).
 */
export function backoffDelay(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
}
