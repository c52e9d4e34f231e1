import { describe, expect, it } from 'vitest';
import { isoTimestamps } from './iso-timestamps';

describe('isoTimestamps', () => {
  it('writes what toISOString writes for timestamps across days, in any order', () => {
    const iso = isoTimestamps();
    const base = Date.UTC(2026, 10, 28, 23, 59, 59, 999);
    const samples = [base, base + 1, base - 1, 0, -1, 86_399_999, 86_400_000, 1_700_000_000_123];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor((Math.random() - 0.2) * 4e12));
    for (const ms of samples) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes years past 9999 and before 0 as toISOString does', () => {
    const iso = isoTimestamps();
    for (const ms of [253_402_300_800_000, 8.64e15, -62_198_755_200_000, -8.64e15]) {
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws as toISOString does on a timestamp that is not a date', () => {
    const iso = isoTimestamps();
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});
