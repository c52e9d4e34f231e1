import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

describe('HubSpot connector: batch associate and dissociate over HTTP', () => {
  let portal: ServedPortal;
  afterEach(() => portal?.close());

  async function portalWith(contacts: number, associationLimit?: number) {
    portal = await servePortal({ seed: false, associationLimit });
    const { control } = portal.sandbox;
    const company = control.createRecord('companies', { name: 'Assoc Inc' });
    const ids = Array.from({ length: contacts }, (_, i) =>
      control.createRecord('contacts', { lastname: `Person ${i}`, email: `p${i}@assoc.example` }),
    );
    return { company, ids };
  }

  const companiesOf = async (contactIds: string[]) =>
    (await portal.connector().associations('contacts', contactIds, 'companies')).map(
      (a) => `${a.fromId}→${a.toId}`,
    );

  it('associates 150 contacts with a company in two calls, one result per pair', async () => {
    const { company, ids } = await portalWith(150);
    const calls: string[] = [];
    const crm = portal.connector({ onRequest: (r) => calls.push(`${r.method} ${r.path} ${r.status}`) });
    const results = await crm.associate(
      'contacts',
      'companies',
      ids.map((id) => ({ fromId: id, toId: company })),
    );
    expect(results).toHaveLength(150);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(calls).toEqual([
      'POST /crm/v4/associations/contacts/companies/batch/associate/default 200',
      'POST /crm/v4/associations/contacts/companies/batch/associate/default 200',
    ]);
    expect(await companiesOf(ids.slice(0, 2))).toEqual([`${ids[0]}→${company}`, `${ids[1]}→${company}`]);
  });

  it('associating a pair twice keeps one association and succeeds both times', async () => {
    const { company, ids } = await portalWith(1);
    const crm = portal.connector();
    const pair = { fromId: ids[0], toId: company };
    expect(await crm.associate('contacts', 'companies', [pair])).toEqual([{ ok: true }]);
    expect(await crm.associate('contacts', 'companies', [pair])).toEqual([{ ok: true }]);
    expect(await companiesOf(ids)).toEqual([`${ids[0]}→${company}`]);
  });

  it('a company at its association limit refuses the pairs past it (207) and the others are made', async () => {
    const { company, ids } = await portalWith(3, 2);
    const calls: number[] = [];
    const results = await portal.connector({ onRequest: (r) => calls.push(r.status) }).associate(
      'contacts',
      'companies',
      ids.map((id) => ({ fromId: id, toId: company })),
    );
    expect(calls).toEqual([207]);
    expect(results.slice(0, 2)).toEqual([{ ok: true }, { ok: true }]);
    expect(results[2]).toMatchObject({
      ok: false,
      code: 'TOO_MANY_ASSOCIATIONS',
      category: 'VALIDATION_ERROR',
    });
    expect(results[2].ok === false && results[2].message).toContain(`companies ${company} already has 2`);
    expect(await companiesOf(ids)).toEqual([`${ids[0]}→${company}`, `${ids[1]}→${company}`]);
  });

  it('an unknown id fails its own pair with OBJECT_NOT_FOUND only', async () => {
    const { company, ids } = await portalWith(1);
    const results = await portal.connector().associate('contacts', 'companies', [
      { fromId: '99999999', toId: company },
      { fromId: ids[0], toId: company },
    ]);
    expect(results[0]).toMatchObject({ ok: false, code: 'OBJECT_NOT_FOUND' });
    expect(results[0].ok === false && results[0].message).toContain('99999999');
    expect(results[1]).toEqual({ ok: true });
  });

  it('dissociate removes the association both ways and removing it again is harmless', async () => {
    const { company, ids } = await portalWith(2);
    const crm = portal.connector();
    await crm.associate(
      'contacts',
      'companies',
      ids.map((id) => ({ fromId: id, toId: company })),
    );
    await crm.dissociate('contacts', 'companies', [{ fromId: ids[0], toId: company }]);
    await crm.dissociate('contacts', 'companies', [{ fromId: ids[0], toId: company }]);
    expect(await companiesOf(ids)).toEqual([`${ids[1]}→${company}`]);
    const back = await crm.associations('companies', [company], 'contacts');
    expect(back.map((a) => a.toId)).toEqual([ids[1]]);
  });

  it('raising the limit through the portal control lets a refused pair through', async () => {
    const { company, ids } = await portalWith(2, 1);
    const crm = portal.connector();
    const pairs = ids.map((id) => ({ fromId: id, toId: company }));
    expect((await crm.associate('contacts', 'companies', pairs)).map((r) => r.ok)).toEqual([true, false]);
    const res = await fetch(`${portal.baseUrl}/_control/association-limit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${portal.sandbox.controlToken}` },
      body: JSON.stringify({ limit: 5 }),
    });
    expect(res.status).toBe(200);
    expect((await crm.associate('contacts', 'companies', pairs)).map((r) => r.ok)).toEqual([true, true]);
  });

  it('refuses more than 100 inputs in one call, saying to split the batch', async () => {
    portal = await servePortal({ seed: false });
    const inputs = Array.from({ length: 101 }, (_, i) => ({ from: { id: `${i}` }, to: { id: '1' } }));
    const res = await portal.api('/crm/v4/associations/contacts/companies/batch/associate/default', {
      body: { inputs },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain('limit is 100');
  });
});
