import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inclusionSetup } from './inclusion-setup';
import { type Harness, startHarness } from './sync-harness';

describe('the dry run with an inclusion list', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
  });
  afterEach(() => h.close());

  const { contact, listOf } = inclusionSetup(() => h, 'prev.example');
  const contactsOf = (p: Awaited<ReturnType<Harness['engine']['preview']>>) =>
    p.objects.find((o) => o.crmType === 'contacts');

  it('counts only the list members and says how many contacts it leaves out, writing nothing', async () => {
    const members = [contact('Alpha'), contact('Bravo')];
    // Outside the list, one of them with a value Salesforce refuses: neither counted nor failing.
    contact('Charlie', { leadsource: 'Podcast' });
    contact('Delta');
    contact('Echo');
    await listOf(members);
    const before = { sf: h.sf.stats().writes, crm: h.hs.stats().writes };

    const preview = await h.engine.preview();

    expect(preview.inclusionList).toEqual({ name: 'Sync these', missing: false });
    expect(contactsOf(preview)).toMatchObject({ read: 2, toCreate: 2, notInList: 3, failing: {} });
    expect({ sf: h.sf.stats().writes, crm: h.hs.stats().writes }).toEqual(before);
    expect((await h.store.summary()).queueSize).toBe(0);
    expect(await h.store.cursor('inclusion_list')).toBeNull();

    // What it announced is what the run does.
    await h.engine.runOnce();
    expect(
      h.sf.control
        .records('Contact')
        .map((r) => r.LastName)
        .sort(),
    ).toEqual(['Alpha', 'Bravo']);
  });

  it('counts every contact and names no list when none is chosen', async () => {
    contact('Alpha');
    contact('Bravo');
    const preview = await h.engine.preview();
    expect(preview.inclusionList).toBeNull();
    expect(contactsOf(preview)).toMatchObject({ read: 2, toCreate: 2, notInList: 0 });
  });

  it('says the list is gone, and counts no contact, when the chosen list no longer exists', async () => {
    contact('Alpha');
    await h.store.setRecordRules({ inclusionListId: '999' });
    const preview = await h.engine.preview();
    expect(preview.inclusionList).toEqual({ name: 'list 999', missing: true });
    expect(contactsOf(preview)).toMatchObject({ read: 0, notInList: 1 });
  });
});
