import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { createSalesforceAdapter } from './adapter';
import { type ApiMeter, BudgetExceededError } from './api-meter';

// The adapter meters calls by wrapping jsforce's internal Connection._transport.httpRequest. If a
// jsforce upgrade moves it, these tests fail before any count goes wrong silently.
describe('salesforce adapter', () => {
  it('finds the internal transport it wraps on a jsforce Connection', () => {
    const conn = new Connection({ instanceUrl: 'http://127.0.0.1:9', accessToken: 'x', version: '62.0' });
    const transport = (conn as unknown as { _transport?: { httpRequest?: unknown } })._transport;
    expect(typeof transport?.httpRequest).toBe('function');
  });

  it('refuses a call over the allocation before any HTTP exchange', async () => {
    const recorded: string[] = [];
    const meter: ApiMeter = {
      ensure: async () => {
        throw new BudgetExceededError(10, 10, 1234);
      },
      record: async (kind) => {
        recorded.push(kind);
      },
      limitInfo: async () => undefined,
    };
    // Port 9 (discard) is never listened on here: any exchange would fail and be recorded.
    const sf = createSalesforceAdapter({ instanceUrl: 'http://127.0.0.1:9', accessToken: 'x', meter });
    await expect(sf.describe('Account')).rejects.toBeInstanceOf(BudgetExceededError);
    expect(recorded).toEqual([]);
  });

  it('counts a failed exchange as a call and normalises the network error', async () => {
    const recorded: string[] = [];
    const meter: ApiMeter = {
      ensure: async () => undefined,
      record: async (kind) => {
        recorded.push(kind);
      },
      limitInfo: async () => undefined,
    };
    const sf = createSalesforceAdapter({ instanceUrl: 'http://127.0.0.1:9', accessToken: 'x', meter });
    await expect(sf.describe('Account')).rejects.toMatchObject({
      name: 'SalesforceApiError',
      code: 'ECONNREFUSED',
    });
    expect(recorded).toEqual(['GET failed']);
  });
});
