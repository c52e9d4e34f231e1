import { describe, expect, it } from 'vitest';
import { pageSelection, RESYNC_LIMIT, resyncSelectedState, togglePage } from './resync-limit';

describe('resyncSelectedState', () => {
  it('is disabled with a hint while nothing is selected', () => {
    expect(resyncSelectedState(0)).toEqual({
      disabled: true,
      label: 'Resync selected',
      reason: 'Select the errors you fixed',
    });
  });

  it.each([1, 42, RESYNC_LIMIT])('lets %i selected errors go in one request', (count) => {
    expect(resyncSelectedState(count)).toEqual({
      disabled: false,
      label: `Resync selected (${count})`,
      reason: null,
    });
  });

  it('refuses more than 100 and points at Resync all', () => {
    const state = resyncSelectedState(RESYNC_LIMIT + 1);
    expect(state.disabled).toBe(true);
    expect(state.reason).toBe('Select at most 100 — use Resync all');
  });

  it('is disabled while a resync is running', () => {
    expect(resyncSelectedState(3, true).disabled).toBe(true);
  });
});

describe('togglePage', () => {
  it('selects the whole page and keeps other pages selected', () => {
    expect([...togglePage(new Set(['x']), ['a', 'b'])].sort()).toEqual(['a', 'b', 'x']);
  });

  it('clears the page when all of it was selected, and only the page', () => {
    expect([...togglePage(new Set(['a', 'b', 'x']), ['a', 'b'])]).toEqual(['x']);
  });

  it('completes a partly selected page', () => {
    expect([...togglePage(new Set(['a']), ['a', 'b'])].sort()).toEqual(['a', 'b']);
  });
});

describe('pageSelection', () => {
  it.each([
    [[], ['a', 'b'], false],
    [['a'], ['a', 'b'], 'mixed'],
    [['a', 'b', 'z'], ['a', 'b'], true],
    [['z'], [], false],
  ] as const)('selected %j of page %j reads %s', (selected, page, expected) => {
    expect(pageSelection(new Set(selected), page)).toBe(expected);
  });
});
