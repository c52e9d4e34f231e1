import { describe, expect, it } from 'vitest';
import { apiUsed, limitInfo, recordApiCalls } from './api-usage';
import { demoOrgDefinition } from './demo-org';
import { emptyState } from './org-state';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 28, 12);

describe('rolling 24-hour API usage', () => {
  it('counts calls of the last 24 hours and forgets older ones', () => {
    const state = emptyState(demoOrgDefinition(), 100);
    recordApiCalls(state, T0, 5);
    recordApiCalls(state, T0 + 6 * 60 * 60 * 1000, 3);
    expect(apiUsed(state, T0 + DAY - 1000)).toBe(8);
    expect(apiUsed(state, T0 + DAY)).toBe(3);
    expect(apiUsed(state, T0 + 2 * DAY)).toBe(0);
  });

  it('merges calls of the same second into one bucket', () => {
    const state = emptyState(demoOrgDefinition(), 100);
    recordApiCalls(state, T0 + 10, 1);
    recordApiCalls(state, T0 + 900, 1);
    expect(state.apiUsage).toEqual([[T0, 2]]);
  });

  it('formats the Sforce-Limit-Info value', () => {
    const state = emptyState(demoOrgDefinition(), 15000);
    recordApiCalls(state, T0, 18);
    expect(limitInfo(state, T0)).toBe('api-usage=18/15000');
  });
});
