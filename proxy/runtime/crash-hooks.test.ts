import { describe, expect, it } from 'vitest';
import { crashHooksFromEnv } from './crash-hooks';

describe('crashHooksFromEnv', () => {
  it('has no hooks when SYNC_CRASH_AT is unset', () => {
    expect(crashHooksFromEnv({})).toBeUndefined();
  });

  it.each([
    ['after-results-stored', 'afterResultsStored'],
    ['after-batch-committed', 'afterBatchCommitted'],
    ['after-match-linked', 'afterMatchLinked'],
    ['after-crm-create-sent', 'afterCrmCreateSent'],
  ])('sets the one hook named by %s', (point, hook) => {
    expect(Object.keys(crashHooksFromEnv({ SYNC_CRASH_AT: `${point}:contacts` }) ?? {})).toEqual([hook]);
  });

  it('refuses an unknown point, listing the points it knows', () => {
    expect(() => crashHooksFromEnv({ SYNC_CRASH_AT: 'somewhere:contacts' })).toThrow(
      'unknown point "somewhere". Options: after-results-stored, after-batch-committed, after-match-linked, after-crm-create-sent',
    );
  });
});
