import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from './start-sandbox';

const HOUR = 60 * 60 * 1000;

describe('API limits as Salesforce counts them', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox({ dailyApiLimit: 50 });
  });
  afterEach(() => sf.close());

  it('sends Sforce-Limit-Info on every REST response and jsforce reads it into limitInfo', async () => {
    const { conn, exchanges } = sf.connect();
    await conn.query('SELECT Id FROM Account LIMIT 1');
    await conn.sobject('Account').describe();
    await conn.sobject('Account').create({ Name: 'Metered' });
    expect(exchanges.map((e) => e.headers['sforce-limit-info'])).toEqual([
      'api-usage=1/50',
      'api-usage=2/50',
      'api-usage=3/50',
    ]);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 50 });
  });

  it('does not count the versions list nor send the header on it', async () => {
    const { conn, exchanges } = sf.connect();
    const versions = await conn.request<Array<{ version: string }>>('/services/data');
    expect(versions.map((v) => v.version)).toContain('62.0');
    expect(exchanges[0].headers['sforce-limit-info']).toBeUndefined();
    expect(sf.sandbox.stats().apiUsage).toBe(0);
  });

  it('reports DailyApiRequests in /limits, counting the /limits call itself', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.addApiUsage(10);
    const limits = (await conn.limits()) as unknown as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyApiRequests).toEqual({ Max: 50, Remaining: 39 });
    expect(limits.DataStorageMB.Max).toBeGreaterThan(0);
    expect(limits.DailyBulkApiBatches.Max).toBeGreaterThan(0);
  });

  it('refuses every call past the limit with 403 REQUEST_LIMIT_EXCEEDED', async () => {
    const { conn, exchanges } = sf.connect();
    sf.sandbox.control.addApiUsage(50);
    const error = await conn
      .sobject('Account')
      .create({ Name: 'Too many' })
      .then(
        () => expect.fail('the call should be refused'),
        (e: Error) => e as Error & { errorCode: string },
      );
    expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(error.message).toBe('TotalRequests Limit exceeded.');
    expect(exchanges[0].status).toBe(403);
  });

  it('frees the window 24 hours after the calls were made (rolling, on the injected clock)', async () => {
    sf.sandbox.control.addApiUsage(30);
    sf.clock.advance(12 * HOUR);
    sf.sandbox.control.addApiUsage(20);
    sf.clock.advance(12 * HOUR + 1000);
    const { conn } = sf.connect();
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 21, limit: 50 });
  });

  it('counts exactly the HTTP requests jsforce made under /services/data', async () => {
    const { conn, exchanges } = sf.connect();
    await conn.query('SELECT Id FROM Contact');
    await conn.sobject('Contact').create([{ LastName: 'A' }, { LastName: 'B' }]);
    await conn.sobject('Contact').describe();
    await conn.request('/services/data');
    await conn
      .sobject('Contact')
      .retrieve('003000000000001AAA')
      .catch(() => undefined);
    expect(exchanges.length).toBe(5);
    expect(sf.sandbox.stats().requests).toBe(exchanges.length);
    expect(sf.sandbox.stats().apiUsage).toBe(4);
  });

  it('answers API_DISABLED_FOR_ORG when the org has the API turned off', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.setApiEnabled(false);
    const error = await conn.query('SELECT Id FROM Account').then(
      () => expect.fail('the call should be refused'),
      (e: Error) => e as Error & { errorCode: string },
    );
    expect(error.errorCode).toBe('API_DISABLED_FOR_ORG');
  });
});
