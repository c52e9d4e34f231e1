import { afterEach, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import { CrmApiError } from '../../../proxy/crm/types';
import { type ServedPortal, servePortal } from './serve-portal';

async function caught(promise: Promise<unknown>): Promise<CrmApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CrmApiError)) throw new Error(`expected a CrmApiError, got ${String(error)}`);
  return error;
}

describe('HubSpot connector: failures', () => {
  let portal: ServedPortal;
  afterEach(() => portal?.close());

  it('waits the Retry-After of each 429 through the injected sleep and never drops the call', async () => {
    portal = await servePortal();
    const slept: number[] = [];
    const statuses: number[] = [];
    const crm = portal.connector({
      sleep: async (ms) => {
        slept.push(ms);
      },
      onRequest: (info) => statuses.push(info.status),
    });
    portal.sandbox.control.rateLimitNext(7, 2);
    const props = await crm.properties('companies');
    expect(props.map((p) => p.name)).toContain('industry');
    expect(slept).toEqual(Array(7).fill(2000));
    expect(statuses).toEqual([...Array(7).fill(429), 200]);
  });

  it('throws a daily-limit 429 at once, with its policy, so the sync can suspend instead of waiting', async () => {
    portal = await servePortal({ seed: false });
    let sleeps = 0;
    const crm = portal.connector({ sleep: async () => void sleeps++ });
    portal.sandbox.control.rateLimitNext(5, 3600, 'DAILY');
    const error = await caught(crm.properties('deals'));
    expect(error).toMatchObject({ status: 429, category: 'RATE_LIMITS', subCategory: 'DAILY' });
    expect(sleeps).toBe(0);
    expect(portal.sandbox.stats().requests).toBe(1);
  });

  it('reports every exchange to onRequest with method, path and status', async () => {
    portal = await servePortal({ seed: false });
    const seen: unknown[] = [];
    const crm = portal.connector({ onRequest: (info) => seen.push(info) });
    await crm.batchRead('deals', ['1'], ['dealname']);
    expect(seen).toEqual([{ method: 'POST', path: '/crm/v3/objects/deals/batch/read', status: 207 }]);
  });

  it('throws a bad token as CrmApiError 401 INVALID_AUTHENTICATION without retrying', async () => {
    portal = await servePortal({ seed: false });
    let sleeps = 0;
    const crm = portal.connector({ accessToken: 'pat-na1-wrong', sleep: async () => void sleeps++ });
    const error = await caught(crm.properties('contacts'));
    expect(error).toMatchObject({ status: 401, category: 'INVALID_AUTHENTICATION' });
    expect(error.message).toContain('GET /crm/v3/properties/contacts');
    expect(sleeps).toBe(0);
    expect(portal.sandbox.stats().requests).toBe(1);
  });

  it("keeps HubSpot's category, message and error sub-codes on a rejected call", async () => {
    portal = await servePortal({ seed: false });
    const crm = portal.connector();
    await crm.createList('Duplicates', 'contacts', []);
    const error = await caught(crm.createList('Duplicates', 'contacts', []));
    expect(error).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect(error.errors.map((e) => e.code)).toEqual(['LIST_NAME_ALREADY_EXISTS']);
    expect(error.message).toContain('A list named "Duplicates" already exists');
  });

  it('retries an unreachable portal a few times, then throws NETWORK_ERROR with status 0', async () => {
    const slept: number[] = [];
    const crm = createHubspotConnector({
      accessToken: 'pat-na1-x',
      baseUrl: 'http://127.0.0.1:9/sandbox/hubspot',
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    const error = await caught(crm.account());
    expect(error).toMatchObject({ status: 0, category: 'NETWORK_ERROR' });
    expect(slept).toEqual([1000, 2000, 4000, 8000]);
  });

  it('asks for the portal id before building a record URL it cannot know', () => {
    const crm = createHubspotConnector({ accessToken: 'pat-na1-x' });
    expect(() => crm.recordUrl('contacts', '1')).toThrow(
      /call account\(\) once, or pass portalId and uiBaseUrl/,
    );
  });
});
