import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inclusionSetup } from './inclusion-setup';
import { type Harness, startHarness } from './sync-harness';

describe('the inclusion list: only the contacts of one HubSpot list sync', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ seed: false });
  });
  afterEach(() => h.close());

  const { api, contact, listOf } = inclusionSetup(() => h, 'incl.example');
  const liveContacts = () => h.sf.control.records('Contact').filter((r) => !r.IsDeleted);
  async function run() {
    h.clock.advance(1000);
    return h.engine.runOnce();
  }

  it('sends only members; the others are neither errors nor counted', async () => {
    const [a, b] = [contact('Alpha'), contact('Bravo')];
    // Outside the list and carrying a value Salesforce would refuse: still no error.
    const c = contact('Charlie', { leadsource: 'Podcast' });
    await listOf([a, b]);
    await run();

    expect((await h.store.link('contacts', a))?.sfId).toBeTruthy();
    expect((await h.store.link('contacts', b))?.sfId).toBeTruthy();
    expect(await h.store.link('contacts', c)).toBeNull();
    expect(
      liveContacts()
        .map((r) => r.LastName)
        .sort(),
    ).toEqual(['Alpha', 'Bravo']);
    expect((await h.store.summary()).totalOpenErrors).toBe(0);
  });

  it('a record that leaves stops syncing (link and Salesforce record kept); one that joins starts', async () => {
    const [a, b, c] = [contact('Alpha'), contact('Bravo'), contact('Charlie')];
    const listId = await listOf([a, b]);
    await run();
    const bravoSf = (await h.store.link('contacts', b))?.sfId as string;

    await api(`/crm/v3/lists/${listId}/memberships/remove`, 'PUT', [b]);
    await api(`/crm/v3/lists/${listId}/memberships/add`, 'PUT', [c]);
    h.clock.advance(1000);
    h.hs.control.updateRecord('contacts', b, { jobtitle: 'Left the list' });
    await run();

    expect((await h.store.link('contacts', c))?.sfId).toBeTruthy();
    expect((await h.store.link('contacts', b))?.sfId).toBe(bravoSf);
    expect(h.sf.control.record('Contact', bravoSf).Title).toBeNull();
    expect(liveContacts()).toHaveLength(3);
    const bravo = (await h.store.recordLookup('hubspot', 'contacts', b)).history;
    expect(bravo.find((x) => x.action === 'excluded')?.outcome).toBe(
      'left the inclusion list "Sync these": no longer synced; the link and the Salesforce record are kept',
    );
    const charlie = (await h.store.recordLookup('hubspot', 'contacts', c)).history;
    expect(charlie.some((x) => x.action === 'included')).toBe(true);

    // Back in the list: its change made while outside goes out.
    await api(`/crm/v3/lists/${listId}/memberships/add`, 'PUT', [b]);
    await run();
    expect(h.sf.control.record('Contact', bravoSf).Title).toBe('Left the list');
  });

  it('resolves the open errors of a contact that leaves the list', async () => {
    const a = contact('Alpha');
    const bad = contact('Bad', { leadsource: 'Podcast' });
    const listId = await listOf([a, bad]);
    await run();
    expect((await h.store.summary()).totalOpenErrors).toBe(1);
    await api(`/crm/v3/lists/${listId}/memberships/remove`, 'PUT', [bad]);
    await run();
    expect((await h.store.summary()).totalOpenErrors).toBe(0);
    expect((await h.store.link('contacts', bad))?.sfId ?? null).toBeNull();
    expect(liveContacts().map((r) => r.LastName)).toEqual(['Alpha']);
  });

  it('reads the members again only when the list changed: one HubSpot call a run otherwise', async () => {
    contact('Alpha');
    await run();
    const idle = async () => {
      const before = h.hs.stats().requests;
      await run();
      return h.hs.stats().requests - before;
    };
    const withoutList = await idle();
    const a = contact('Bravo');
    await listOf([a]);
    await run();
    expect(await idle()).toBe(withoutList + 1);
  });

  it('a list deleted in HubSpot holds the sync with one reason instead of sending everyone', async () => {
    contact('Alpha');
    await h.store.setRecordRules({ inclusionListId: '999' });
    const result = await run();
    expect(result.state).toMatchObject({ state: 'suspended', id: 'inclusion-list' });
    expect(liveContacts()).toHaveLength(0);
  });
});
