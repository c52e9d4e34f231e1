/**
 * Salesforce → HubSpot creates are claimed work (`claimQueue`, FOR UPDATE SKIP LOCKED): two replicas on one
 * PostgreSQL database, one embedded org and portal. While replica A's batch is at HubSpot (sent, its outcome
 * not stored yet — a leader handing over), replica B runs the creates of the same queue: it skips A's batch
 * and creates only the rest. Each Salesforce contact is sent to HubSpot once, linked once, no twin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmConnector } from '../../../../proxy/crm/types';
import {
  HUBSPOT_BASE,
  SALESFORCE_BASE,
  startSandboxProxy,
  startSandboxSync,
} from '../../../../proxy/runtime/sandbox-runtime';
import type { DescribeResult } from '../../../../proxy/salesforce/adapter';
import { createSalesforceAdapter } from '../../../../proxy/salesforce/adapter';
import { createApiMeter } from '../../../../proxy/salesforce/api-meter';
import type { Store } from '../../../../proxy/store';
import type { SfPullContext } from '../../../../proxy/sync/contexts';
import { createQueuedInCrm } from '../../../../proxy/sync/create-in-crm';
import { DEFAULT_MAPPINGS, mappingFor } from '../../../../proxy/sync/default-mapping';
import { dropDatabases, newDatabase, portalContacts } from './replica-harness';

/** More than one HubSpot batch (100): B has work left that A has not claimed. */
const SALESFORCE_ONLY = 150;

describe('Salesforce → HubSpot creates on two replicas at once', () => {
  const dirs: string[] = [];
  let a: Awaited<ReturnType<typeof startSandboxProxy>>;
  let b: Awaited<ReturnType<typeof startSandboxSync>>;
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sh-claims-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    const database = await newDatabase('claims');
    a = await startSandboxProxy({ port: 0, dataDir: dataDir(), autoStart: false, database });
    b = await startSandboxSync(a.sandboxes, a.proxy.internalUrl, dataDir(), { autoStart: false, database });
    // The first sync: links, cursors and the cached describes both replicas read from the shared store.
    await a.sync.engine.runOnce();
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await dropDatabases();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** What a replica's engine hands createQueuedInCrm, on that replica's own store and CRM connector. */
  function contextOf(store: Store, crm: CrmConnector): SfPullContext {
    const session = a.sandboxes.salesforce.issueSession();
    return {
      store,
      crm,
      salesforce: createSalesforceAdapter({
        instanceUrl: `${a.proxy.internalUrl}${SALESFORCE_BASE}`,
        accessToken: session.accessToken,
        meter: createApiMeter(store, Date.now),
      }),
      now: Date.now,
      retry: { retries: 0, minTimeoutMs: 10 },
      integrationUserId: null,
      onError: async () => undefined,
    };
  }

  it('sends each Salesforce contact to HubSpot once: the second replica skips the batch the first is sending', {
    timeout: 180_000,
  }, async () => {
    const m = mappingFor(DEFAULT_MAPPINGS, 'contacts');
    const describe = (await a.sync.store.describe<DescribeResult>('Contact'))?.body;
    expect(describe).toBeTruthy();
    // Contacts made in Salesforce, queued as the pull queues them (with their values) in the shared store.
    const made: { sfId: string; email: string }[] = [];
    for (let i = 0; i < SALESFORCE_ONLY; i++) {
      const email = `claimed-${i}@example.org`;
      const r = a.sandboxes.salesforce.control.insertRecordDirect('Contact', {
        FirstName: 'Claimed',
        LastName: `Create ${i}`,
        Email: email,
      });
      made.push({ sfId: String(r.Id), email });
      await a.sync.store.enqueue(
        'to-crm',
        'contacts',
        String(r.Id),
        { props: { email, firstname: 'Claimed', lastname: `Create ${i}` }, account: null },
        Date.now(),
      );
    }

    const sent = { a: 0, b: 0 };
    const byB: { linked?: Promise<number> } = {};
    const ctxB = contextOf(
      b.store,
      counting(b.crm, () => sent.b++),
    );
    // A's first batch is at HubSpot and answered; before A stores its outcome, B runs the same queue.
    const crmA = counting(
      a.sync.crm,
      () => sent.a++,
      async () => {
        byB.linked ??= createQueuedInCrm(ctxB, m, describe!);
        await byB.linked;
      },
    );
    const linkedByA = await createQueuedInCrm(contextOf(a.sync.store, crmA), m, describe!);

    const linkedByB = await byB.linked;
    expect(linkedByB).toBeGreaterThan(0);
    expect(linkedByA + (linkedByB ?? 0)).toBe(SALESFORCE_ONLY);
    expect(sent.a + sent.b).toBe(SALESFORCE_ONLY);
    for (const { sfId } of made) {
      const link = await a.sync.store.linkBySfId(sfId);
      expect(link?.crmType).toBe('contacts');
      const { history } = await a.sync.store.recordLookup('salesforce', 'Contact', sfId);
      expect(history.filter((h) => h.action === 'crm-create' || h.action === 'match')).toHaveLength(1);
    }
    // No twin in the portal: one contact per e-mail, each with its own Salesforce id.
    const contacts = await portalContacts(
      {
        hubspotBaseUrl: `${a.proxy.internalUrl}${HUBSPOT_BASE}`,
        hubspotToken: a.sandboxes.hubspot.accessToken,
      },
      ['email', 'salesforce_id'],
    );
    for (const { sfId, email } of made) {
      const found = contacts.filter((c) => c.properties.email === email);
      expect(found.map((c) => c.properties.salesforce_id)).toEqual([sfId]);
    }
  });
});

/**
 * The replica's own HubSpot connector, counting the records each batch upsert sends; `afterFirst` runs once,
 * after HubSpot answered the first batch and before the caller sees the answer.
 */
function counting(crm: CrmConnector, onRecord: () => void, afterFirst?: () => Promise<void>): CrmConnector {
  let first = true;
  const wrapped = Object.create(crm) as CrmConnector;
  wrapped.batchUpsert = async (type, inputs) => {
    for (const _ of inputs) onRecord();
    const results = await crm.batchUpsert(type, inputs);
    if (first && afterFirst) {
      first = false;
      await afterFirst();
    }
    return results;
  };
  return wrapped;
}
