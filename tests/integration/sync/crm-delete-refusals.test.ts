import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../proxy/store/index';
import { type Harness, startHarness } from './sync-harness';

const LOOK = 5 * 60_000;

describe('a CRM delete that Salesforce refuses ("delete in Salesforce" on)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
    await h.store.setRecordRules({ deleteInSalesforce: true });
  });
  afterEach(() => h.close());

  const hubspot = (path: string, method: string) =>
    fetch(`${h.hubspotUrl}${path}`, { method, headers: { authorization: `Bearer ${h.hs.accessToken}` } });
  /** Salesforce delete requests the org served (collection deletes of the sync). */
  const deleteCalls = () => h.sf.requestLog().filter((line) => line.startsWith('DELETE ')).length;
  const errorRow = (id: string) =>
    testDatabase(h.store)
      .prepare(`SELECT status, retries, next_retry_at FROM errors WHERE id = ?`)
      .get(Number(id)) as { status: string; retries: number; next_retry_at: number | null };

  /** A synced contact, deleted in HubSpot while Salesforce refuses deletes; returns it and its error. */
  async function refusedDelete() {
    const crmId = h.hs.control.createRecord('contacts', { lastname: 'Kept', email: 'kept@refuse.example' });
    await h.engine.runOnce();
    const sfId = (await h.store.link('contacts', crmId))?.sfId as string;
    h.sf.control.setObjectPermission('Contact', { delete: false });
    await hubspot(`/crm/v3/objects/contacts/${crmId}`, 'DELETE');
    h.clock.advance(LOOK);
    await h.engine.runOnce();
    const [error] = (await h.store.recordLookup('hubspot', 'contacts', crmId)).openErrors;
    expect(error).toMatchObject({ category: 'permissions', code: 'INSUFFICIENT_ACCESS_OR_READONLY' });
    return { crmId, sfId, errorId: error.id };
  }
  /** Runs the sync every minute for `minutes`. */
  async function runFor(minutes: number) {
    for (let i = 0; i < minutes; i++) {
      h.clock.advance(60_000);
      await h.engine.runOnce();
    }
  }

  it('gets no timer retry: only the deletes look asks Salesforce again, backing off', async () => {
    const { crmId, errorId } = await refusedDelete();
    expect(errorRow(errorId)).toMatchObject({ status: 'open', next_retry_at: null });
    expect(deleteCalls()).toBe(1);
    const before = (await h.store.recordLookup('hubspot', 'contacts', crmId)).history.length;

    // An hour of runs: the look asks again 5, 10, 20 minutes after each refusal (4 asks in all by then).
    await runFor(60);
    expect(deleteCalls()).toBe(4);
    const history = (await h.store.recordLookup('hubspot', 'contacts', crmId)).history;
    // No re-read of a CRM record that is gone ("not found in the CRM"), only the delete asked again.
    expect(history.slice(0, history.length - before).map((r) => r.action)).toEqual([
      'delete',
      'delete',
      'delete',
    ]);
    expect(errorRow(errorId)).toMatchObject({ status: 'open', next_retry_at: null });
    expect((await h.store.getError(errorId))?.error.occurrences).toBe(4);
  });

  it('resolves when a later look deletes the record, and the link closes', async () => {
    const { crmId, sfId, errorId } = await refusedDelete();
    h.sf.control.setObjectPermission('Contact', { delete: true });
    await runFor(5);
    expect(h.sf.control.record('Contact', sfId).IsDeleted).toBe(true);
    expect(errorRow(errorId).status).toBe('resolved');
    expect(await h.store.closedLink('contacts', crmId)).not.toBeNull();
    expect(await h.store.cursor('crm_delete_refusals')).toBeNull();
  });

  it('resolves when the Salesforce record is deleted there meanwhile, with no further delete asked', async () => {
    const { crmId, sfId, errorId } = await refusedDelete();
    h.sf.control.deleteRecord('Contact', sfId);
    await runFor(5);
    expect(errorRow(errorId).status).toBe('resolved');
    expect((await h.store.closedLink('contacts', crmId))?.reason).toBe('deleted in Salesforce');
    expect(deleteCalls()).toBe(1);
    expect((await h.store.summary()).totalOpenErrors).toBe(0);
  });

  it('resolves when the CRM record is restored: nothing is left to delete and it syncs again', async () => {
    const { crmId, sfId, errorId } = await refusedDelete();
    h.hs.control.restoreRecord('contacts', crmId);
    await runFor(5);
    expect(errorRow(errorId).status).toBe('resolved');
    expect((await h.store.link('contacts', crmId))?.sfId).toBe(sfId);
    expect(h.sf.control.record('Contact', sfId).IsDeleted).toBe(false);
    expect(deleteCalls()).toBe(1);
    const history = (await h.store.recordLookup('hubspot', 'contacts', crmId)).history;
    expect(history.some((r) => /restored in the CRM/.test(r.outcome))).toBe(true);
  });

  it('resolves when the admin turns "delete in Salesforce" off: the link closes, the record is kept', async () => {
    const { crmId, sfId, errorId } = await refusedDelete();
    await h.store.setRecordRules({ deleteInSalesforce: false });
    await runFor(5);
    expect(errorRow(errorId).status).toBe('resolved');
    expect(h.sf.control.record('Contact', sfId).IsDeleted).toBe(false);
    expect((await h.store.closedLink('contacts', crmId))?.reason).toBe('deleted in the CRM');
    expect(await h.store.cursor('crm_delete_refusals')).toBeNull();
  });
});
