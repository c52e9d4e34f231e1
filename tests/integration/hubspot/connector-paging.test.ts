import { afterEach, describe, expect, it } from 'vitest';
import type { CrmCursor, CrmRecord } from '../../../proxy/crm/types';
import { type ServedPortal, servePortal } from './serve-portal';

const START = Date.UTC(2026, 0, 1);

describe('HubSpot connector: changedSince', () => {
  let portal: ServedPortal;
  let clock = START;
  afterEach(() => portal?.close());

  async function freshPortal() {
    clock = START;
    portal = await servePortal({ seed: false, now: () => clock });
    return portal;
  }

  async function readAll(limit: number) {
    const crm = portal.connector();
    const seen: CrmRecord[] = [];
    let cursor: CrmCursor | null = null;
    for (;;) {
      const page = await crm.changedSince('contacts', cursor, ['email'], limit);
      if (!page.next) return { seen, cursor };
      seen.push(...page.records);
      cursor = page.next;
    }
  }

  it('reads more than 10,000 changed records once each, in time then id order, without leaving the search window', async () => {
    await freshPortal();
    const ids: string[] = [];
    for (let i = 0; i < 10_450; i++) {
      if (i % 3 === 0) clock += 1; // three records share each timestamp
      ids.push(portal.sandbox.control.createRecord('contacts', { email: `p${i}@paging.example` }));
    }
    const before = portal.sandbox.stats().requests;
    const { seen } = await readAll(1000);
    expect(seen.map((r) => r.id)).toEqual(ids);
    expect(new Set(seen.map((r) => r.id)).size).toBe(10_450);
    expect(seen[10_449].properties.email).toBe('p10449@paging.example');
    // 200 per page plus the re-read of each page's last timestamp: well under twice the minimum.
    const requests = portal.sandbox.stats().requests - before;
    expect(requests).toBeGreaterThanOrEqual(Math.ceil(10_450 / 200));
    expect(requests).toBeLessThan(2 * Math.ceil(10_450 / 200) + 20);
  });

  it('walks a timestamp shared by more records than a search page holds', async () => {
    await freshPortal();
    const ids = Array.from({ length: 450 }, (_, i) =>
      portal.sandbox.control.createRecord('contacts', { email: `same${i}@tie.example` }),
    );
    const { seen } = await readAll(1000);
    expect(seen.map((r) => r.id)).toEqual(ids);
  });

  it('returns only records changed after the cursor, then a null cursor once up to date', async () => {
    await freshPortal();
    const first = portal.sandbox.control.createRecord('contacts', { email: 'one@cursor.example' });
    clock += 1000;
    portal.sandbox.control.createRecord('contacts', { email: 'two@cursor.example' });
    const crm = portal.connector();
    const all = await crm.changedSince('contacts', null, ['email']);
    expect(all.records).toHaveLength(2);
    expect(await crm.changedSince('contacts', all.next, ['email'])).toEqual({ records: [], next: null });

    clock += 5000;
    portal.sandbox.control.updateRecord('contacts', first, { firstname: 'Edited' });
    const changed = await crm.changedSince('contacts', all.next, ['email', 'firstname']);
    expect(changed.records.map((r) => [r.id, r.properties.firstname])).toEqual([[first, 'Edited']]);
    expect(changed.next).toEqual({ id: first, updatedAt: new Date(clock).toISOString() });
  });

  it('pages companies by hs_lastmodifieddate with at most `limit` records per call', async () => {
    await freshPortal();
    for (let i = 0; i < 30; i++) {
      clock += 10;
      portal.sandbox.control.createRecord('companies', { name: `Company ${i}` });
    }
    const crm = portal.connector();
    const page = await crm.changedSince('companies', null, ['name'], 12);
    expect(page.records.map((r) => r.properties.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Company ${i}`),
    );
    const rest = await crm.changedSince('companies', page.next, ['name'], 100);
    expect(rest.records).toHaveLength(18);
    expect(rest.records[0].properties.name).toBe('Company 12');
  });
});
