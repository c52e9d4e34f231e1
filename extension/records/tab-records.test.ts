import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordRef } from '../../shared/record-url';

// WXT's storage reads the extension APIs from the global `chrome` when it is imported: a fake browser
// (in-memory storage.session, as in a real browser session) stands in for them here.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
let mod: typeof import('./tab-records');
beforeAll(async () => {
  mod = await import('./tab-records');
});
beforeEach(() => fakeBrowser.reset());

const contact: RecordRef = { system: 'hubspot', objectType: 'contacts', id: '101' };
const account: RecordRef = { system: 'salesforce', objectType: 'Account', id: '001000000000001AAA' };

describe('tab records kept across a service worker restart', () => {
  it("a new worker's map knows each tab's record the stopped one had seen", async () => {
    const before = mod.createTabRecords();
    await before.ready;
    before.set(7, contact);
    before.set(9, null);
    await before.saved();

    const after = mod.createTabRecords();
    await after.ready;
    expect(after.get(7)).toEqual(contact);
    expect(after.has(9)).toBe(true);
    expect(after.get(9)).toBeNull();
    expect(after.has(8)).toBe(false);
  });

  it('is kept in session storage under session:tabRecords', async () => {
    const tabs = mod.createTabRecords();
    tabs.set(3, account);
    await tabs.saved();
    expect(await fakeBrowser.storage.session.get('tabRecords')).toEqual({ tabRecords: { 3: account } });
    expect(await fakeBrowser.storage.local.get('tabRecords')).toEqual({});
  });

  it('forgets a closed tab for the next worker too', async () => {
    const before = mod.createTabRecords();
    before.set(7, contact);
    before.set(8, account);
    before.delete(7);
    await before.saved();

    const after = mod.createTabRecords();
    await after.ready;
    expect(after.has(7)).toBe(false);
    expect(after.get(8)).toEqual(account);
  });

  it('keeps a record reported while the saved ones were still being read over the saved one', async () => {
    await mod.tabRecordsItem.setValue({ 7: contact, 8: contact });
    const tabs = mod.createTabRecords();
    tabs.set(7, account); // the page navigated while the new worker was restoring
    tabs.delete(8);
    await tabs.ready;
    expect(tabs.get(7)).toEqual(account);
    expect(tabs.has(8)).toBe(false);
    await tabs.saved();
    expect(await mod.tabRecordsItem.getValue()).toEqual({ 7: account });
  });

  it('still tracks tabs in memory when session storage fails', async () => {
    const broken: import('./tab-records').TabRecordsItem = {
      getValue: () => Promise.reject(new Error('storage is gone')),
      setValue: () => Promise.reject(new Error('storage is gone')),
    };
    const tabs = mod.createTabRecords(broken);
    await tabs.ready;
    tabs.set(4, contact);
    await tabs.saved();
    expect(tabs.get(4)).toEqual(contact);
  });
});
