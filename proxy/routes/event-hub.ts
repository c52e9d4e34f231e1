/**
 * @module The proxy side of GET /events: engine events turned into numbered health events, kept in a
 * bounded ring so a client that reconnects with Last-Event-ID gets what it missed.
 */
import { randomBytes } from 'node:crypto';
import type { HealthEvent } from '../../shared/api/control';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import type { SyncEvents } from '../sync/sync-events';
import type { RunningSync } from './api-deps';
import { healthSummary } from './health';

export interface NumberedEvent {
  id: string;
  event: HealthEvent['event'];
  data: string;
}

const RING_SIZE = 500;
/** Counts are coalesced: a burst of recorded errors becomes one event, still well within a second. */
const COALESCE_MS = 150;
/** API usage is written by the adapter on every call, not announced: while clients listen, look twice a second. */
const USAGE_POLL_MS = 500;

/** What a `counts` event is sent for: a change in any of these (not in the clock-driven forecast). */
function countsKey(s: HealthSummaryResponse): string {
  const { syncCalls24h, allocation, org } = s.usage;
  return JSON.stringify([
    s.categories,
    s.totalOpenErrors,
    s.queueSize,
    s.lastSyncAt,
    s.state,
    syncCalls24h,
    allocation,
    org,
  ]);
}

/**
 * Carries health events between replicas (PostgreSQL LISTEN/NOTIFY, proxy/runtime/replica.ts): every replica
 * sends its engine's events there (`busMessages`), and its hub sends what it hears to its own clients, its
 * own events included.
 */
export interface EventBus {
  subscribe(fn: (message: string) => void): () => void;
}

/** NOTIFY refuses payloads of 8000 bytes or more: long texts are cut, long id lists split (kept well under). */
const BUS_PAYLOAD_MAX = 7_000;
const SUMMARY_MAX = 1_000;
const IDS_PER_MESSAGE = 200;

/** An event as one or more bus messages, each under the payload limit. */
export function busMessages(event: HealthEvent): string[] {
  if (event.event === 'resolved') {
    const out: string[] = [];
    const { ids } = event.data;
    for (let i = 0; i < ids.length || i === 0; i += IDS_PER_MESSAGE)
      out.push(JSON.stringify({ event: 'resolved', data: { ids: ids.slice(i, i + IDS_PER_MESSAGE) } }));
    return out;
  }
  if (event.event === 'error') {
    const d = event.data;
    const cut = (t: string | null) => (t && t.length > SUMMARY_MAX ? `${t.slice(0, SUMMARY_MAX - 1)}…` : t);
    return [
      JSON.stringify({
        event: 'error',
        data: { ...d, summary: cut(d.summary) ?? '', recordName: cut(d.recordName) },
      }),
    ];
  }
  const message = JSON.stringify(event);
  // A state whose texts are too long to travel: subscribers read the state from the store with the counts.
  return message.length > BUS_PAYLOAD_MAX ? [] : [message];
}

/** The engine's events as health events, handed to `emit`; answers the unsubscribers. */
export function forwardHealthEvents(ev: SyncEvents, emit: (event: HealthEvent) => void): (() => void)[] {
  return [
    ev.on('error', ({ id, error }) =>
      emit({
        event: 'error',
        data: {
          id,
          category: error.category,
          recordName: error.recordName ?? null,
          summary: error.summary ?? error.message,
        },
      }),
    ),
    ev.on('resolved', ({ ids }) => emit({ event: 'resolved', data: { ids } })),
    ev.on('state', (state) => emit({ event: 'state', data: state })),
    ev.on('usage-warning', (w) => emit({ event: 'usage-warning', data: w })),
  ];
}

export function createEventHub(sync: () => RunningSync | null, now: () => number = Date.now) {
  // A new boot id per process: an id from before a restart is recognised as unknown, not replayed wrongly.
  const boot = randomBytes(4).toString('hex');
  let seq = 0;
  const ring: NumberedEvent[] = [];
  const clients = new Set<(e: NumberedEvent) => void>();
  let attached: RunningSync | null = null;
  let unsubscribe: (() => void)[] = [];
  let lastCountsKey = '';
  let countsTimer: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;

  function publish(event: HealthEvent): NumberedEvent {
    const numbered = { id: `${boot}-${++seq}`, event: event.event, data: JSON.stringify(event.data) };
    ring.push(numbered);
    if (ring.length > RING_SIZE) ring.shift();
    for (const send of clients) send(numbered);
    return numbered;
  }

  async function publishCountsIfChanged(): Promise<void> {
    countsTimer = null;
    if (!attached) return;
    let summary: HealthSummaryResponse;
    try {
      summary = await healthSummary(attached, now());
    } catch {
      // The store closed under a client still connected (the proxy is shutting down): nothing to send.
      return;
    }
    const key = countsKey(summary);
    if (key === lastCountsKey) return;
    lastCountsKey = key;
    publish({ event: 'counts', data: summary });
  }

  const scheduleCounts = () => {
    if (!countsTimer) countsTimer = setTimeout(publishCountsIfChanged, COALESCE_MS);
  };

  function attach(): RunningSync | null {
    const running = sync();
    if (!running || running === attached) return running;
    for (const off of unsubscribe) off();
    attached = running;
    const ev = running.engine.events;
    const bus = running.replica?.eventBus;
    unsubscribe = bus
      ? [
          // Engine events reach the bus from the replica (proxy/runtime/replica.ts), clients or not: here they
          // come back, from whichever replica runs the sync.
          bus.subscribe((message) => {
            let event: HealthEvent;
            try {
              event = JSON.parse(message) as HealthEvent;
            } catch {
              return;
            }
            publish(event);
            scheduleCounts();
          }),
          ev.on('counts', scheduleCounts),
        ]
      : [
          ev.on('counts', scheduleCounts),
          ...forwardHealthEvents(ev, (event) => {
            publish(event);
            if (event.event !== 'usage-warning') scheduleCounts();
          }),
        ];
    // The baseline the next counts event is compared with (a closed store: the next event sets it).
    void healthSummary(running, now()).then(
      (summary) => {
        if (attached === running) lastCountsKey = countsKey(summary);
      },
      () => undefined,
    );
    return running;
  }

  return {
    /** The current summary as a counts event (sent first to a new client, or one whose id is unknown). */
    async snapshot(): Promise<NumberedEvent | null> {
      const running = attach();
      if (!running) return null;
      const summary = await healthSummary(running, now());
      lastCountsKey = countsKey(summary);
      return publish({ event: 'counts', data: summary });
    },
    /** Events after `lastId`, or null when that id is not in the ring any more (or from another boot). */
    since(lastId: string): NumberedEvent[] | null {
      const at = ring.findIndex((e) => e.id === lastId);
      return at === -1 ? null : ring.slice(at + 1);
    },
    subscribe(send: (e: NumberedEvent) => void): () => void {
      attach();
      clients.add(send);
      poll ??= setInterval(() => {
        attach();
        scheduleCounts();
      }, USAGE_POLL_MS);
      return () => {
        clients.delete(send);
        if (!clients.size && poll) {
          clearInterval(poll);
          poll = null;
        }
      };
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
