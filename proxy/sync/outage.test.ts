import { describe, expect, it } from 'vitest';
import { CrmApiError } from '../crm/types';
import { SalesforceApiError } from '../salesforce/normalize-error';
import { crmSuspensionOf, nextMidnightIn, outageBackoffMs, outageOf, redact } from './outage';

const sf = (code: string, status: number | null, message = 'x') =>
  new SalesforceApiError(code, message, status, [{ code, message, fields: [] }]);

describe('outageOf', () => {
  it.each([
    ['a 400 about one field', sf('INVALID_FIELD', 400, "No such column 'Foo__c'")],
    [
      "the org's daily limit (a suspension)",
      sf('REQUEST_LIMIT_EXCEEDED', 403, 'TotalRequests Limit exceeded.'),
    ],
    ['a refused HubSpot request', new CrmApiError('PATCH /x: bad', 400, 'VALIDATION_ERROR')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('is not an outage for %s', (_, err) => {
    expect(outageOf(err)).toBeNull();
  });

  it.each([
    [
      sf('ECONNREFUSED', null, 'connect ECONNREFUSED 127.0.0.1:1'),
      'salesforce',
      /cannot be reached.*ECONNREFUSED/,
    ],
    [sf('ERROR_HTTP_502', 502), 'salesforce', /fails on its side \(HTTP 502/],
    [
      new CrmApiError('GET /crm: HubSpot could not be reached (fetch failed)', 0, 'NETWORK_ERROR'),
      'hubspot',
      /cannot be reached/,
    ],
    [new CrmApiError('POST /batch: Bad gateway', 502, 'UNKNOWN'), 'hubspot', /fails on its side \(HTTP 502/],
    [
      new CrmApiError('GET /x: too many', 429, 'RATE_LIMITS', 'TEN_SECONDLY_ROLLING'),
      'hubspot',
      /too many requests/,
    ],
  ])('names the system and the reason of %s', (err, system, reason) => {
    const o = outageOf(err);
    expect(o?.system).toBe(system);
    expect(o?.reason).toMatch(reason);
  });
});

describe('redact', () => {
  it('keeps tokens out of a line that is logged and shown', () => {
    const line = redact(
      'GET https://x.my.salesforce.com/services?access_token=00Dabc!AQ.secret&x=1 Authorization: Bearer pat-na1-123',
    );
    expect(line).not.toMatch(/secret|pat-na1-123/);
    expect(line).toContain('access_token=[redacted]&x=1');
  });
});

describe('outageBackoffMs', () => {
  it('waits the usual interval first, then doubles, up to five minutes', () => {
    expect([1, 2, 3, 10].map((n) => outageBackoffMs(5_000, n))).toEqual([5_000, 10_000, 20_000, 300_000]);
  });
});

describe("HubSpot's daily reset", () => {
  it.each([
    ['a winter noon in New York', Date.UTC(2026, 0, 15, 17), 'America/New_York', Date.UTC(2026, 0, 16, 5)],
    ['a summer noon in New York', Date.UTC(2026, 6, 15, 16), 'US/Eastern', Date.UTC(2026, 6, 16, 4)],
    [
      'the day clocks go forward in New York',
      Date.UTC(2026, 2, 8, 12),
      'US/Eastern',
      Date.UTC(2026, 2, 9, 4),
    ],
    ['late evening UTC', Date.UTC(2026, 11, 2, 23, 59), 'UTC', Date.UTC(2026, 11, 3)],
    [
      'just after midnight in Berlin',
      Date.UTC(2026, 0, 14, 23, 1),
      'Europe/Berlin',
      Date.UTC(2026, 0, 15, 23),
    ],
  ])('is the next midnight in the portal’s zone on %s', (_when, t, zone, expected) => {
    expect(new Date(nextMidnightIn(t, zone)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('turns a HubSpot 401 into the credentials suspension naming the command that fixes it', () => {
    const signal = crmSuspensionOf(
      new CrmApiError('GET /crm/v3/objects: expired', 401, 'INVALID_AUTHENTICATION'),
    );
    expect(signal?.suspension).toMatchObject({
      id: 'credentials',
      action: expect.stringContaining('sync-health connect hubspot'),
    });
    expect(crmSuspensionOf(new CrmApiError('bad', 400, 'VALIDATION_ERROR'))).toBeNull();
  });
});
