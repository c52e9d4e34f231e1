import { expect, it } from 'vitest';
import { DEFAULT_RECORD_RULES } from '../../../proxy/store/index';
import { describeStores } from './stores';

describeStores('mappings, jobs and rules', (kit) => {
  it('keeps the mapping set and the problems its last validation found', async () => {
    const store = await kit.open();
    expect(await store.mappingSet()).toBeNull();
    expect(await store.mappingProblems()).toBeNull();
    await store.saveMappingSet([{ crm: 'email', sf: 'Email' }], 10);
    await store.saveMappingSet([{ crm: 'phone', sf: 'Phone' }], 11);
    expect(await store.mappingSet()).toEqual({ mappings: [{ crm: 'phone', sf: 'Phone' }], updatedAt: 11 });
    await store.setMappingProblems([{ field: 'Phone', problem: 'missing' }], 12);
    expect(await store.mappingProblems()).toEqual({
      problems: [{ field: 'Phone', problem: 'missing' }],
      validatedAt: 12,
    });
  });

  it('works through a resync job in queued order, counting each outcome once even when replayed', async () => {
    const store = await kit.open();
    await store.createJob('job1', 'picklists', ['30', '10', '20', '10'], 100);
    expect(await store.resyncJob('job1')).toEqual({
      id: 'job1',
      category: 'picklists',
      state: 'running',
      total: 4,
      processed: 0,
      resolved: 0,
      failing: 0,
      notFound: 0,
      createdAt: 100,
      finishedAt: null,
    });
    expect(await store.pendingJobItems('job1', 10)).toEqual(['30', '10', '20']);
    await store.recordJobOutcomes('job1', [
      { id: '30', outcome: 'resolved' },
      { id: '10', outcome: 'not-found' },
    ]);
    await store.recordJobOutcomes('job1', [{ id: '30', outcome: 'resolved' }]);
    expect(await store.pendingJobItems('job1', 10)).toEqual(['20']);
    expect(await store.resyncJob('job1')).toMatchObject({
      processed: 2,
      resolved: 1,
      notFound: 1,
      failing: 0,
    });
    await store.createJob('job2', 'duplicates', [], 101);
    expect(await store.runningJobIds()).toEqual(['job1', 'job2']);
    await store.finishJob('job1', 200, 'Salesforce refused the login');
    await store.finishJob('job2', 201);
    await store.finishJob('job2', 999);
    expect(await store.resyncJob('job1')).toMatchObject({
      state: 'failed',
      failure: 'Salesforce refused the login',
    });
    expect(await store.resyncJob('job2')).toMatchObject({ state: 'done', finishedAt: 201 });
    expect(await store.runningJobIds()).toEqual([]);
    expect(await store.resyncJob('nope')).toBeNull();
  });

  it('keeps bulk jobs in flight per object, oldest first, until removed', async () => {
    const store = await kit.open();
    const job = {
      jobId: '750B',
      sfObject: 'Contact',
      externalIdField: 'Hs__c',
      fingerprint: 'f',
      createdAt: 2,
    };
    await store.saveBulkJob({ ...job, stage: 'created' });
    await store.saveBulkJob({ ...job, jobId: '750A', createdAt: 1, stage: 'created' });
    await store.saveBulkJob({ ...job, stage: 'uploaded' });
    expect(await store.pendingBulkJob('Contact')).toEqual({
      ...job,
      jobId: '750A',
      createdAt: 1,
      stage: 'created',
    });
    await store.removeBulkJob('750A');
    expect(await store.pendingBulkJob('Contact')).toEqual({ ...job, stage: 'uploaded' });
    expect(await store.pendingBulkJob('Account')).toBeUndefined();
  });

  it('remembers a lookup that matched nothing only for the same key values', async () => {
    const store = await kit.open();
    await store.rememberNoMatch('contacts', '1', 'a@b.c', 50);
    expect(await store.noMatchSince('contacts', '1', 'a@b.c')).toBe(50);
    expect(await store.noMatchSince('contacts', '1', 'x@b.c')).toBeNull();
    await store.forgetMatch('contacts', '1');
    expect(await store.noMatchSince('contacts', '1', 'a@b.c')).toBeNull();
  });

  it('keeps record rules, refusing a value it does not know with the options', async () => {
    const store = await kit.open();
    expect(await store.recordRules()).toEqual(DEFAULT_RECORD_RULES);
    expect(await store.setRecordRules({ deleteInCrm: true })).toEqual({
      ...DEFAULT_RECORD_RULES,
      deleteInCrm: true,
    });
    await expect(store.setRecordRules({ contactsCreateAs: 'Account' as never })).rejects.toThrow();
    expect(await store.recordRules()).toEqual({ ...DEFAULT_RECORD_RULES, deleteInCrm: true });
  });
});
