import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAPPINGS } from '../../../proxy/sync/default-mapping';
import type { MappingDirection } from '../../../shared/api/mappings';
import { type Harness, startHarness } from './sync-harness';

const POLL = 5 * 60_000;

describe('field directions on the sandboxes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.engine.runOnce();
  });
  afterEach(() => h.close());

  const crm = async (method: string, id: string, properties?: Record<string, string>) => {
    const url = `${h.hubspotUrl}/crm/v3/objects/contacts/${id}${properties ? '' : '?properties=city'}`;
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${h.hs.accessToken}`, 'content-type': 'application/json' },
      body: properties ? JSON.stringify({ properties }) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { properties: Record<string, string | null> }).properties;
  };
  /** Contacts the first run linked (the demo's planted duplicates carry ids of CRM records long gone). */
  const linked = async () => {
    const out: { crmId: string; sfId: string }[] = [];
    for (const r of h.sf.control.records('Contact'))
      if (r.HubSpot_Id__c && (await h.store.link('contacts', String(r.HubSpot_Id__c)))?.sfId === r.Id)
        out.push({ crmId: String(r.HubSpot_Id__c), sfId: String(r.Id) });
    return out;
  };
  const synced = async () => (await linked())[0]!;
  const sfCity = (sfId: string) => h.sf.control.records('Contact').find((r) => r.Id === sfId)?.MailingCity;
  /** Maps the contact's city to Contact.MailingCity with `direction`, and lets the re-send run. */
  const mapCity = async (direction: MappingDirection) => {
    await h.engine.setMappings(
      DEFAULT_MAPPINGS.map((m) =>
        m.crmType === 'contacts'
          ? { ...m, fields: [...m.fields, { crm: 'city', sf: 'MailingCity', direction }] }
          : m,
      ),
    );
    h.clock.advance(1000);
    await h.engine.runOnce();
  };
  const editInCrm = async (crmId: string, city: string) => {
    h.clock.advance(1000);
    await crm('PATCH', crmId, { city });
    h.clock.advance(1000);
    await h.engine.runOnce();
  };
  const editInSalesforce = async (sfId: string, city: string | null) => {
    h.clock.advance(1000);
    h.sf.control.updateRecordDirect('Contact', sfId, { MailingCity: city });
    h.clock.advance(POLL);
    await h.engine.runOnce();
  };

  it('sends a HubSpot → Salesforce field and never reads Salesforce edits of it back', async () => {
    const { crmId, sfId } = await synced();
    await mapCity('crm-to-sf');
    await editInCrm(crmId, 'Lyon');
    expect(sfCity(sfId)).toBe('Lyon');
    await editInSalesforce(sfId, 'Nantes');
    expect((await crm('GET', crmId)).city).toBe('Lyon');
  });

  it('never sends an "Always use Salesforce" field, and Salesforce values (also a cleared one) fill the CRM', async () => {
    const { crmId, sfId } = await synced();
    await mapCity('sf-to-crm');
    await editInCrm(crmId, 'Lyon');
    expect(sfCity(sfId) ?? null).toBeNull();
    await editInSalesforce(sfId, 'Nantes');
    expect((await crm('GET', crmId)).city).toBe('Nantes');
    await editInSalesforce(sfId, null);
    expect((await crm('GET', crmId)).city ?? '').toBe('');
  });

  it('syncs a two-way field both ways, the latest edit winning', async () => {
    const { crmId, sfId } = await synced();
    await mapCity('two-way');
    await editInCrm(crmId, 'Lyon');
    expect(sfCity(sfId)).toBe('Lyon');
    await editInSalesforce(sfId, 'Nantes');
    expect((await crm('GET', crmId)).city).toBe('Nantes');
  });

  it('fills a blank Salesforce field from the CRM under "Prefer Salesforce unless blank", but never overwrites a Salesforce value', async () => {
    const { crmId, sfId } = await synced();
    const other = (await linked())[1];
    h.sf.control.updateRecordDirect('Contact', other.sfId, { MailingCity: 'Brest' });
    await mapCity('prefer-sf');
    // Blank in Salesforce: the CRM's value goes there.
    await editInCrm(crmId, 'Lyon');
    expect(sfCity(sfId)).toBe('Lyon');
    // Salesforce holds a value: the CRM's edit is not sent, and Salesforce's value comes back to the CRM.
    await editInCrm(other.crmId, 'Lille');
    expect(sfCity(other.sfId)).toBe('Brest');
    await editInSalesforce(other.sfId, 'Rennes');
    expect((await crm('GET', other.crmId)).city).toBe('Rennes');
  });
});
