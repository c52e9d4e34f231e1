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
  const subscribed: string[] = [];
  const closed: (string | undefined)[] = [];
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
      return {
        subscribe: async (object: string) => {
          subscribed.push(object);
        },
        close: (object?: string) => {
          closed.push(object);
        },
      };
    },
  });
  const stream = () => handlers as ChangeStreamHandlers;
  return {
    capture,
    lines,
    subscribed,
    closed,
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

  it('polls that object alone after three failed connects in a row, says why, and keeps the others on events', () => {
    s.failed('Contact');
    s.failed('Contact', 'Salesforce did not accept the streaming connection (403::Unknown client)');
    expect(capture.status(OBJECTS).mode).toBe('events');
    s.failed('Contact');
    expect(capture.status(OBJECTS)).toEqual({
      mode: 'mixed',
      streamed: ['Account'],
      polled: [
        {
          object: 'Contact',
          kind: 'stopped',
          reason: 'change events stopped for Contact: no answer from Salesforce on the streaming connection',
          cause: 'no answer from Salesforce on the streaming connection',
        },
      ],
    });
    expect(capture.streamed()).toEqual(new Set(['Account']));
    expect(s.lines.filter((l) => /stopped/.test(l))).toEqual([
      'Salesforce change events stopped for Contact (no answer from Salesforce on the streaming connection): Contact is polled until they come back.',
    ]);
  });

  it("polls every object when each one's stream stops (one expired session ends them all)", () => {
    for (const object of OBJECTS)
      s.refused(object, 'Salesforce refused the streaming session (401::Authentication invalid)');
    expect(capture.status(OBJECTS)).toMatchObject({ mode: 'polling', streamed: [] });
    expect(capture.streamed()).toEqual(new Set());
  });

  it('starts the count again after an answered connect', () => {
    s.failed('Contact');
    s.failed('Contact');
    s.answered('Contact');
    s.failed('Contact');
    s.failed('Contact');
    expect(capture.status(OBJECTS).mode).toBe('events');
  });

  it('stops that object at once when Salesforce refuses its session', () => {
    s.refused('Account', 'Salesforce refused the streaming session (401::Authentication invalid)');
    expect(capture.status(OBJECTS)).toMatchObject({
      mode: 'mixed',
      streamed: ['Contact'],
      polled: [
        {
          object: 'Account',
          kind: 'stopped',
          reason:
            'change events stopped for Account: Salesforce refused the streaming session (401::Authentication invalid)',
        },
      ],
    });
  });

  it("when an object's events come back after a stop, pulls it once and stops polling it", async () => {
    // The first subscription marks the objects to read once; that pull is done.
    await capture.pulled(capture.snapshot(OBJECTS));
    for (let i = 0; i < 3; i++) s.failed('Contact');
    expect(capture.changed()).toEqual(new Set());
    s.answered('Contact');
    expect(capture.status(OBJECTS).mode).toBe('events');
    expect(capture.changed()).toEqual(new Set(['Contact']));
    expect(s.changes()).toBe(1);
    expect(s.lines.at(-1)).toMatch(/change events are back/);
  });

  it('subscribes the stopped object afresh at the next start (its old session may hold an expired token), and only it', async () => {
    s.refused('Contact', 'Salesforce refused the streaming session (401::Authentication invalid)');
    await capture.start(OBJECTS);
    expect(s.closed).toEqual(['Contact']);
    expect(s.subscribed).toEqual(['Account', 'Contact', 'Contact']);
    expect(capture.status(OBJECTS).mode).toBe('events');
  });
});
