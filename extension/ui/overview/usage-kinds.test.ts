import { describe, expect, it } from 'vitest';
import { formatCount } from '../format';
import { hourSplitText, kindRows, otherIntegrationsCalls } from './usage-kinds';

describe('where the sync calls went, in words', () => {
  it("lists the kinds with calls in a fixed order, in an admin's words, leaving out the empty ones", () => {
    const rows = kindRows([
      { kind: 'poll', calls: 96 },
      { kind: 'write', calls: 1234 },
      { kind: 'describe', calls: 0 },
      { kind: 'bulk', calls: 2 },
    ]);
    expect(rows.map((r) => [r.label, r.calls])).toEqual([
      ['Writes', 1234],
      ['Checks for Salesforce changes', 96],
      ['Bulk calls', 2],
    ]);
  });

  it('has no rows when the proxy sends no split (an older proxy) or no calls', () => {
    expect(kindRows(undefined)).toEqual([]);
    expect(kindRows([{ kind: 'write', calls: 0 }])).toEqual([]);
  });

  it("says an hour's split with singular and plural and grouped thousands", () => {
    expect(hourSplitText({ write: 1200, poll: 1, describe: 3 })).toBe(
      `${formatCount(1200)} writes, 1 check for Salesforce changes, 3 field checks`,
    );
    expect(hourSplitText(undefined)).toBe('');
  });

  it('counts the other integrations as the org usage minus the sync, never below 0', () => {
    expect(otherIntegrationsCalls(400, { used: 2500 })).toBe(2100);
    expect(otherIntegrationsCalls(400, { used: 390 })).toBe(0);
    expect(otherIntegrationsCalls(400, null)).toBeNull();
  });
});
