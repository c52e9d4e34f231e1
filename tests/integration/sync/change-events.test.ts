import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

const OBJECTS = ['Account', 'Contact', 'Opportunity'];

/**
 * Waits for what a change event brings. On this 2-core machine under load, a long-poll answered late is
 * dropped by faye, which sends the next connect 5 seconds later: an event may wait that long, plus the run.
 */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function syncedContact(h: Harness) {
  return testDatabase(h.store)
    .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'contacts' AND sf_id IS NOT NULL LIMIT 1`)
    .get() as { crm_id: string; sf_id: string };
}

function syncedCompany(h: Harness) {
  return testDatabase(h.store)
    .prepare(`SELECT crm_id, sf_id FROM links WHERE crm_type = 'companies' AND sf_id IS NOT NULL LIMIT 1`)
    .get() as { crm_id: string; sf_id: string };
}

async function crmPhone(h: Harness, crmId: string): Promise<string | undefined> {
  const res = await fetch(`${h.hubspotUrl}/crm/v3/objects/companies/${crmId}?properties=phone`, {
    headers: { authorization: `Bearer ${h.hs.accessToken}` },
  });
  return ((await res.json()) as { properties: Record<string, string> }).properties.phone;
}

/** The network failing between the sync and Salesforce on one object's streaming connection. */
async function interruptStream(h: Harness, object: string, count: number) {
  const res = await fetch(`${h.instanceUrl}/_control/change-events/interruptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.sf.controlToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ object, count }),
  });
  expect(res.status).toBe(200);
}

async function crmTitle(h: Harness, crmId: string): Promise<string | undefined> {
  const res = await fetch(`${h.hubspotUrl}/crm/v3/objects/contacts/${crmId}?properties=jobtitle`, {
    headers: { authorization: `Bearer ${h.hs.accessToken}` },
  });
  return ((await res.json()) as { properties: Record<string, string> }).properties.jobtitle;
}

/** Calls the meter recorded as polls (reads of what changed in Salesforce). */
const queriesOf = async (h: Harness) =>
  (await h.store.callsByKind24h(h.clock.now)).find((k) => k.kind === 'poll')?.calls ?? 0;

function enableChangeEvents(h: Harness) {
  return Promise.all(
    OBJECTS.map((object) =>
      fetch(`${h.instanceUrl}/_control/change-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.sf.controlToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ object, enabled: true }),
      }),
    ),
  );
}

describe('Salesforce → CRM by Change Data Capture', () => {
  let h: Harness;
  let dir: string | null = null;
  afterEach(async () => {
    await h.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('brings a Salesforce edit to the CRM when its change event arrives, without polling', async () => {
    // A 5-second hold: faye gives a connect 1.2 times the hold, so a loaded machine has a second to answer.
    h = await startHarness({ cometdConnectTimeoutMs: 5000, engine: { intervalMs: 3_600_000 } });
    await enableChangeEvents(h);
    await h.engine.runOnce();
    expect(await h.engine.salesforceChanges()).toMatchObject({ mode: 'events', streamed: OBJECTS });
    // The first run subscribed after polling: the next one reads, once, what changed in between.
    await h.engine.runOnce();
    // Two runs later nothing is polled: the clock moves a day, the objects follow their events.
    h.clock.advance(30 * 60_000);
    const before = await queriesOf(h);
    await h.engine.runOnce();
    expect(await queriesOf(h)).toBe(before);

    h.engine.start();
    const { crm_id, sf_id } = syncedContact(h);
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'Streamed Officer' });
    await until('the CRM to hold the streamed title', async () =>
      (await crmTitle(h, crm_id)) === 'Streamed Officer' ? true : undefined,
    );
    // One read for the object the event named, none for the others.
    expect((await queriesOf(h)) - before).toBe(1);
  });

  it('replays what changed while the sync was stopped from the stored replay id after a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdc-'));
    const storeFile = join(dir, 'sync.db');
    h = await startHarness({ storeFile, cometdConnectTimeoutMs: 5000, engine: { intervalMs: 3_600_000 } });
    await enableChangeEvents(h);
    await h.engine.runOnce();
    h.engine.start();
    const { crm_id, sf_id } = syncedContact(h);
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'Before the restart' });
    await until('the first edit', async () =>
      (await crmTitle(h, crm_id)) === 'Before the restart' ? true : undefined,
    );
    // The event's replay id is stored once the pull it asked for is done.
    await until('the replay id to be stored', async () => (await h.store.cursor('cdc_replay'))?.Contact);
    const stored = await h.store.cursor('cdc_replay');
    await h.engine.stop();

    h.clock.advance(1000);

    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'While stopped' });
    // A new engine on the same store (a restart): not an hour yet, so no safety poll; only the replay tells.
    const { buildEngine } = await import('./build-engine');
    const { connectionFacts } = await import('./sync-harness');
    const restarted = await buildEngine(
      h.store,
      connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl),
      () => h.clock.now,
      { intervalMs: 3_600_000 },
    );
    const old = h.engine;
    h.engine = restarted;
    void old;
    restarted.start();
    await until('the replayed edit', async () =>
      (await crmTitle(h, crm_id)) === 'While stopped' ? true : undefined,
    );
    expect((await h.store.cursor('cdc_replay'))?.Contact).toBeGreaterThan(stored?.Contact ?? 0);
  });

  it('polls, and says why, when the org offers no change events for the mapped objects', async () => {
    h = await startHarness({ cometdConnectTimeoutMs: 1000 });
    await h.engine.runOnce();
    const status = await h.engine.salesforceChanges();
    expect(status.mode).toBe('polling');
    expect(status.polled[0].reason).toMatch(
      /Salesforce offers no change events for .* Setup → Change Data Capture/,
    );
    const { crm_id, sf_id } = syncedContact(h);
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'Polled Officer' });
    h.clock.advance(15 * 60_000);
    await h.engine.runOnce();
    expect(await crmTitle(h, crm_id)).toBe('Polled Officer');
  });

  it('falls back to polling when the change events stop, and says so', async () => {
    h = await startHarness({ cometdConnectTimeoutMs: 500 });
    await enableChangeEvents(h);
    await h.engine.runOnce();
    expect((await h.engine.salesforceChanges()).mode).toBe('events');
    // Every session ends: the stream's next connect is refused (the REST calls refresh their token).
    h.sf.control.expireTokens();
    // The stream's next connect (held 0.5 s) is refused with reconnect "none": events stopped, at once.
    await until('the fallback', async () =>
      (await h.engine.salesforceChanges()).mode === 'polling' ? true : undefined,
    );
    expect((await h.engine.salesforceChanges()).polled[0].reason).toMatch(/change events stopped/);
    const { crm_id, sf_id } = syncedContact(h);
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', sf_id, { Title: 'Polled after the stream stopped' });
    // The next poll is due (the first one found nothing new, so it waits twice the 1-minute floor).
    h.clock.advance(2 * 60_000);
    await h.engine.runOnce();
    expect(await crmTitle(h, crm_id)).toBe('Polled after the stream stopped');
  });

  it('polls only the object whose change events stopped, and keeps the others on their events', async () => {
    h = await startHarness({ cometdConnectTimeoutMs: 2000, engine: { intervalMs: 3_600_000 } });
    await enableChangeEvents(h);
    await h.engine.runOnce();
    await h.engine.runOnce();
    expect((await h.engine.salesforceChanges()).mode).toBe('events');
    h.engine.start();
    // Contact's connection fails from now on (each new client too); Account's and Opportunity's do not.
    await interruptStream(h, 'Contact', 1000);
    const mixed = async () => {
      const s = await h.engine.salesforceChanges();
      return s.mode === 'mixed' ? s : undefined;
    };
    const status = await until('Contact alone to fall back to polling', mixed, 60_000);
    expect(status.streamed).toEqual(['Account', 'Opportunity']);
    expect(status.polled).toEqual([
      {
        object: 'Contact',
        kind: 'stopped',
        reason: 'change events stopped for Contact: no answer from Salesforce on the streaming connection',
        cause: 'no answer from Salesforce on the streaming connection',
      },
    ]);

    // An Account edit still arrives by its event; the Contact edit waits for Contact's poll.
    const company = syncedCompany(h);
    const contact = syncedContact(h);
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', contact.sf_id, { Title: 'Polled Officer' });
    h.sf.control.updateRecordDirect('Account', company.sf_id, { Phone: '+1 555 0100' });
    await until('the streamed Account phone', async () =>
      (await crmPhone(h, company.crm_id)) === '+1 555 0100' ? true : undefined,
    );
    expect(await crmTitle(h, contact.crm_id)).not.toBe('Polled Officer');

    // That run subscribed Contact again (a new client, whose connects fail too): once it counts as
    // stopped again, Contact's poll is due after the adaptive interval and brings the edit.
    await until('Contact to count as stopped again', mixed, 60_000);
    h.clock.advance(2 * 60_000);
    await h.engine.runOnce();
    expect(await crmTitle(h, contact.crm_id)).toBe('Polled Officer');
  });
});
