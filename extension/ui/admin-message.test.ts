import { describe, expect, it } from 'vitest';
import { errorForForm, forForm, groupNumbers, loadError } from './admin-message';

const n = (x: number) => new Intl.NumberFormat().format(x);

describe('proxy messages rewritten for the form an admin used', () => {
  it('names the allocation field as the form does, without the API prefix, with grouped numbers', () => {
    expect(
      forForm(
        `Invalid body: "allocation" 20000 is above the org's daily limit of 15000 calls; use at most 15000.`,
        { allocation: 'The allocation' },
      ),
    ).toBe(
      `The allocation ${n(20000)} is above the org's daily limit of ${n(15000)} calls; use at most ${n(15000)}.`,
    );
  });

  it('lowers the label inside a sentence and keeps it capitalised at the start', () => {
    expect(
      forForm(
        'Invalid body: "usageWarningPercent" must be at most 100; "frequency" must be one of: instant, daily.',
        {
          usageWarningPercent: 'The usage warning',
          frequency: 'How often',
        },
      ),
    ).toBe('The usage warning must be at most 100; how often must be one of: instant, daily.');
  });

  it('leaves ids, versions and times alone when grouping numbers', () => {
    expect(
      groupNumbers('Record 0015g00000AbCdE, v62.0, at 12:30 on 2026-12-01, 1200 calls, 123456 calls'),
    ).toBe(`Record 0015g00000AbCdE, v62.0, at 12:30 on 2026-12-01, ${n(1200)} calls, ${n(123456)} calls`);
  });

  it('says the proxy did not answer instead of "Failed to fetch"', () => {
    expect(errorForForm(new TypeError('Failed to fetch'), {})).toBe(
      'The proxy did not answer. Check that it is running, then try again.',
    );
  });
});

describe('loadError', () => {
  it('says only that the section waits when the proxy is away: the status banner says the rest, once', () => {
    expect(loadError(new TypeError('Failed to fetch'))).toBe('Shown when the proxy answers again.');
    expect(loadError(new TypeError('NetworkError when attempting to fetch resource.'))).toBe(
      'Shown when the proxy answers again.',
    );
  });

  it("keeps the proxy's own refusal, in the form's words", () => {
    expect(loadError(new Error('The sync is still starting; try again in a second.'))).toBe(
      'The sync is still starting; try again in a second.',
    );
    expect(loadError(new Error('Invalid query: the mapping set has 20000 rows'))).toBe(
      'The mapping set has 20,000 rows',
    );
  });
});
