import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../proxy/store/index';
import { DEFAULT_MAPPINGS, type ObjectMapping } from '../../../proxy/sync/default-mapping';
import { MappingSetError } from '../../../proxy/sync/engine';
import { type Harness, startHarness } from './sync-harness';

const withField = (crmType: string, field: ObjectMapping['fields'][number]) =>
  DEFAULT_MAPPINGS.map((m) => (m.crmType === crmType ? { ...m, fields: [...m.fields, field] } : m));

describe('mappings kept in the store', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sync-mappings-'));
    h = await startHarness({ storeFile: join(dir, 'store.db') });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves the default set on first start and lists its problems after the first run', async () => {
    expect(h.engine.mappings()).toEqual(DEFAULT_MAPPINGS);
    expect(await h.engine.mappingProblems()).toBeNull();
    await h.engine.runOnce();
    expect((await h.engine.mappingProblems())?.problems.map((p) => [p.property, p.problem, p.scope])).toEqual(
      [
        ['customer_tier', 'field-missing', 'field'],
        ['mobilephone', 'not-writable', 'field'],
      ],
    );
  });

  it('refuses a set that adds a problem, naming the field, and keeps the set in use unchanged', async () => {
    await h.engine.runOnce();
    const broken = withField('contacts', { crm: 'jobtitle', sf: 'Nickname__c', direction: 'crm-to-sf' });
    const err = await h.engine.setMappings(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MappingSetError);
    expect((err as Error).message).toMatch(/contacts\.jobtitle → Contact\.Nickname__c/);
    expect(h.engine.mappings()).toEqual(DEFAULT_MAPPINGS);
    expect((await h.store.mappingSet())?.mappings).toEqual(DEFAULT_MAPPINGS);
  });

  it.each([
    [[], /needs at least one object pair/],
    [[{ ...DEFAULT_MAPPINGS[0], crmType: 'tickets' }], /mappings\.0\.crmType/],
    [
      DEFAULT_MAPPINGS.map((m) => (m.crmType === 'deals' ? { ...m, fields: [...m.fields, m.fields[0]] } : m)),
      /deals → Opportunity field Name is mapped more than once/,
    ],
    [[DEFAULT_MAPPINGS[1], DEFAULT_MAPPINGS[0]], /parents first/],
  ])('refuses a malformed set with a message saying what to change (%#)', async (set, message) => {
    await expect(h.engine.setMappings(set)).rejects.toThrow(message);
    expect((await h.store.mappingSet())?.mappings).toEqual(DEFAULT_MAPPINGS);
  });

  it('saves a valid change, keeps it across a restart, and sends the changed pair again', async () => {
    await h.engine.runOnce();
    // The planted Customer_Tier__c problem stays; dropping the description mapping adds none.
    const next = DEFAULT_MAPPINGS.map((m) =>
      m.crmType === 'companies' ? { ...m, fields: m.fields.filter((f) => f.crm !== 'description') } : m,
    );
    const problems = await h.engine.setMappings(next);
    expect(problems.map((p) => p.property)).toEqual(['customer_tier', 'mobilephone']);
    const before = h.sf.stats().requests;
    const run = await h.engine.runOnce();
    expect(run.queuedFromCrm).toBeGreaterThan(90);
    // One collection: the companies still unlinked are not matched again (the first run's lookup of the
    // same website and name found nothing, and that is remembered).
    expect(h.sf.stats().requests - before).toBe(1);

    await h.engine.stop();
    const reopened = openStore(join(dir, 'store.db'));
    try {
      expect((await reopened.mappingSet())?.mappings).toEqual(next);
    } finally {
      await reopened.close();
    }
  });

  it('suspends with the field named when a pair loses its external id, and resumes once it is fixed and cleared', async () => {
    h.sf.control.setFieldPermission('Account', 'HubSpot_Id__c', { readable: false, editable: false });
    const run = await h.engine.runOnce();
    expect(run.state).toMatchObject({
      state: 'suspended',
      id: 'property-mappings:Account',
      reason: expect.stringContaining("Account's HubSpot Id field (HubSpot_Id__c) is missing"),
    });
    expect(h.sf.control.records('Account').filter((r) => r.HubSpot_Id__c)).toEqual([]);
    expect((await h.store.summary()).queueSize).toBeGreaterThan(0);

    h.sf.control.setFieldPermission('Account', 'HubSpot_Id__c', { readable: true, editable: true });
    expect(await h.engine.clearSuspension('property-mappings:Account')).toBe(true);
    const resumed = await h.engine.runOnce();
    expect(resumed.state).toEqual({ state: 'running' });
    expect((await h.store.summary()).queueSize).toBe(0);
    expect((await h.engine.mappingProblems())?.problems.some((p) => p.scope === 'object')).toBe(false);
  });
});
