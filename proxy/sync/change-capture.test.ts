import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeStreamHandlers } from '../salesforce/streaming';
import { openStore, type Store } from '../store';
import { type ChangeCapture, createChangeCapture } from './change-capture';

const OBJECTS = ['Account', 'Contact'];

/**
 * A capture over a stream whose connect outcomes the test reports, as streaming.ts reports them from the
 * Streaming API's answers (the stream itself is tested against the embedded org in the integration tests).
 */
function setup(store: Store) {
  let handlers: ChangeStreamHandlers | null = null;
  let opened = 0;
  const lines: string[] = [];
  let changes = 0;
  const capture = createChangeCapture({
    store,
    integrationUserId: null,
    onChange: () => {
      changes++;
    },
    log: (_, line) => lines.push(line),
    open(h) {
      handlers = h;
      opened++;
      return { subscribe: async () => undefined, close: () => undefined };
    },
  });
  const stream = () => handlers as ChangeStreamHandlers;
  return {
    capture,
    lines,
    opened: () => opened,
    changes: () => changes,
    failed: (object: string, reason = 'no answer from Salesforce on the streaming connection') =>
      stream().onConnect(object, { kind: 'failed', reason }),
    refused: (object: string, reason: string) => stream().onConnect(object, { kind: 'refused', reason }),
    answered: (object: string) => stream().onConnect(object, { kind: 'ok' }),
  };
}

describe('when Salesforce change events count as stopped', () => {
  let store: Store;
  let s: ReturnType<typeof setup>;
  let capture: ChangeCapture;
  beforeEach(async () => {
    store = openStore(':memory:');
    s = setup(store);
    capture = s.capture;
    await capture.start(OBJECTS);
  });
  afterEach(async () => {
    capture.stop();
    await store.close();
  });

  it('keeps following events through one connect that got no answer (faye reconnects and replays)', () => {
    s.failed('Contact');
    expect(capture.status(OBJECTS)).toMatchObject({ mode: 'events', streamed: OBJECTS });
    expect(capture.streamed()).toEqual(new Set(OBJECTS));
    expect(s.lines).toEqual([]);
  });

  it('falls back to polling after three failed connects in a row, and says why', () => {
    s.failed('Contact');
    s.failed('Contact', 'Salesforce did not accept the streaming connection (403::Unknown client)');
    expect(capture.status(OBJECTS).mode).toBe('events');
    s.failed('Contact');
    const status = capture.status(OBJECTS);
    expect(status.mode).toBe('polling');
    expect(status.polled.map((p) => p.kind)).toEqual(['stopped', 'stopped']);
    expect(status.polled[0].reason).toBe(
      'change events stopped: no answer from Salesforce on the streaming connection',
    );
    expect(capture.streamed()).toEqual(new Set());
    expect(s.lines.filter((l) => /stopped/.test(l))).toHaveLength(1);
  });

  it('starts the count again after an answered connect', () => {
    s.failed('Contact');
    s.failed('Contact');
    s.answered('Contact');
    s.failed('Contact');
    s.failed('Contact');
    expect(capture.status(OBJECTS).mode).toBe('events');
  });

  it('stops at once when Salesforce refuses the session', () => {
    s.refused('Account', 'Salesforce refused the streaming session (401::Authentication invalid)');
    expect(capture.status(OBJECTS)).toMatchObject({
      mode: 'polling',
      polled: [
        {
          object: 'Account',
          kind: 'stopped',
          reason:
            'change events stopped: Salesforce refused the streaming session (401::Authentication invalid)',
        },
        { object: 'Contact', kind: 'stopped' },
      ],
    });
  });

  it('when events come back after a stop, pulls each followed object once and stops polling them', async () => {
    // The first subscription marks the objects to read once; that pull is done.
    await capture.pulled(capture.snapshot(OBJECTS));
    for (let i = 0; i < 3; i++) s.failed('Contact');
    expect(capture.changed()).toEqual(new Set());
    s.answered('Contact');
    expect(capture.status(OBJECTS).mode).toBe('events');
    expect(capture.changed()).toEqual(new Set(OBJECTS));
    expect(s.changes()).toBe(1);
    expect(s.lines.at(-1)).toMatch(/change events are back/);
  });

  it('opens a new session at the next start after a stop (the old one may hold an expired token)', async () => {
    s.refused('Contact', 'Salesforce refused the streaming session (401::Authentication invalid)');
    await capture.start(OBJECTS);
    expect(s.opened()).toBe(2);
    expect(capture.status(OBJECTS).mode).toBe('events');
  });
});
