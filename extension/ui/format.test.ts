import { describe, expect, it } from 'vitest';
import { countOf, formatAgo, formatCount, formatWhen } from './format';

describe('panel number and time formats', () => {
  it('groups thousands the way the locale does, never a bare 21100', () => {
    expect(formatCount(21100)).toBe(new Intl.NumberFormat().format(21100));
    expect(formatCount(21100)).not.toBe('21100');
  });

  it('says "1 record" and "2,000 records"', () => {
    expect(countOf(1, 'record')).toBe('1 record');
    expect(countOf(2000, 'record')).toBe(`${new Intl.NumberFormat().format(2000)} records`);
  });

  it('shows a time of today as a clock time and an earlier day as a date', () => {
    const now = new Date(2026, 11, 1, 21, 40).getTime();
    const today = new Date(2026, 11, 1, 9, 5).getTime();
    const before = new Date(2026, 10, 28, 9, 5).getTime();
    expect(formatWhen(today, now)).toMatch(/9.05/);
    expect(formatWhen(before, now)).toMatch(/28/);
    expect(formatWhen(before, now)).not.toMatch(/9.05/);
  });

  it('says how long ago a check was: just now, minutes, hours, days', () => {
    const now = Date.UTC(2026, 11, 2, 12, 0, 0);
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now - 3 * 60_000, now)).toBe('3 minutes ago');
    expect(formatAgo(now - 2 * 3_600_000, now)).toBe('2 hours ago');
    expect(formatAgo(now - 24 * 3_600_000, now)).toBe('yesterday');
  });
});
