import { beforeEach, describe, expect, it } from 'vitest';
import { demoOrgDefinition } from './demo-org';
import { insertDirect, updateDirect } from './direct-writes';
import { emptyState, type OrgState } from './org-state';
import { beginTransaction } from './record-table';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('record table lookups by value', () => {
  let state: OrgState;
  let acmeId: string;
  beforeEach(() => {
    state = emptyState(demoOrgDefinition(), 100);
    acmeId = insertDirect(state, NOW, 'Account', { Name: 'Acme', HubSpot_Id__c: 'hs-1' }).Id;
    insertDirect(state, NOW, 'Account', { Name: 'Beta', HubSpot_Id__c: 'hs-2' });
  });
  const ids = (found: { Id: string }[]) => found.map((r) => r.Id);

  it('finds a record by external id ignoring case', () => {
    expect(ids(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'HS-1'))).toEqual([acmeId]);
  });

  it('sees its own uncommitted writes, and other transactions do not until commit', () => {
    const tx = beginTransaction(state);
    tx.put('Account', { ...tx.get('Account', acmeId), Id: acmeId, HubSpot_Id__c: 'hs-9' });
    expect(ids(tx.findBy('Account', 'HubSpot_Id__c', 'hs-9'))).toEqual([acmeId]);
    expect(tx.findBy('Account', 'HubSpot_Id__c', 'hs-1')).toEqual([]);
    expect(ids(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'hs-1'))).toEqual([acmeId]);
    tx.commit();
    expect(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'hs-1')).toEqual([]);
    expect(ids(beginTransaction(state).findBy('Account', 'HubSpot_Id__c', 'hs-9'))).toEqual([acmeId]);
  });

  it('keeps the index true through direct writes made after it was built', () => {
    expect(beginTransaction(state).findBy('Account', 'Name', 'Gamma')).toEqual([]);
    const gamma = insertDirect(state, NOW, 'Account', { Name: 'Gamma' });
    updateDirect(state, NOW, 'Account', acmeId, { Name: 'Gamma' });
    expect(ids(beginTransaction(state).findBy('Account', 'Name', 'gamma')).sort()).toEqual(
      [gamma.Id, acmeId].sort(),
    );
    expect(beginTransaction(state).findBy('Account', 'Name', 'Acme')).toEqual([]);
  });

  it('lists new and changed records of a transaction in all()', () => {
    const tx = beginTransaction(state);
    tx.put('Account', { Id: '001000000000099AAA', Name: 'New' });
    tx.put('Account', { ...tx.get('Account', acmeId), Id: acmeId, Name: 'Renamed' });
    expect(
      tx
        .all('Account')
        .map((r) => r.Name)
        .sort(),
    ).toEqual(['Beta', 'New', 'Renamed']);
  });
});

describe('lookups inside a transaction', () => {
  it('find its writes by the value they hold now, in write order, and not by a value they held before', () => {
    const state = emptyState(demoOrgDefinition(), 100);
    const tx = beginTransaction(state);
    tx.put('Account', { Id: '001000000000001AAA', Name: 'Acme', HubSpot_Id__c: 'hs-1' });
    // The index of the overlay is built by this first lookup, then kept by the puts below.
    expect(tx.findBy('Account', 'Name', 'acme').map((r) => r.Id)).toEqual(['001000000000001AAA']);
    tx.put('Account', { Id: '001000000000002AAA', Name: 'ACME' });
    tx.put('Account', { Id: '001000000000001AAA', Name: 'Renamed', HubSpot_Id__c: 'hs-1' });
    tx.put('Account', { Id: '001000000000003AAA', Name: 'Acme' });
    tx.put('Account', { Id: '001000000000001AAA', Name: 'acme', HubSpot_Id__c: 'hs-1' });
    expect(tx.findBy('Account', 'Name', 'Acme').map((r) => r.Id)).toEqual([
      '001000000000001AAA',
      '001000000000002AAA',
      '001000000000003AAA',
    ]);
    expect(tx.findBy('Account', 'Name', 'Renamed')).toEqual([]);
    expect(tx.findBy('Account', 'HubSpot_Id__c', 'HS-1').map((r) => r.Name)).toEqual(['acme']);
    tx.commit();
    expect(beginTransaction(state).findBy('Account', 'Name', 'acme')).toHaveLength(3);
  });
});
