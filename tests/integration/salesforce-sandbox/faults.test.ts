import { Connection } from 'jsforce';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countExchanges, type RunningSandbox, startSandbox, VERSION } from './start-sandbox';

type Failure = Error & { errorCode?: string };
const failure = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => expect.fail('the call should have failed'),
    (e: Failure) => e,
  );

describe('faults injected through control', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  it('fails the next POST with a JSON 500 that jsforce does not retry, then recovers', async () => {
    const { conn, exchanges } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 1, kind: '500' });
    const error = await failure(conn.sobject('Account').create({ Name: 'After 500' }));
    expect(error.errorCode).toBe('UNKNOWN_EXCEPTION');
    expect((await conn.sobject('Account').create({ Name: 'After 500' })).success).toBe(true);
    expect(exchanges.map((e) => e.status)).toEqual([500, 201]);
  });

  it('answers a 503 that jsforce retries inside its transport: the sandbox serves two requests for one exchange', async () => {
    const { conn, exchanges } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 1, kind: '503' });
    const result = await conn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBeGreaterThan(0);
    // What the proxy's metering must know: wrapping _transport.httpRequest does not see jsforce's retries.
    expect(exchanges).toHaveLength(1);
    expect(sf.sandbox.stats().requests).toBe(2);
    expect(sf.sandbox.stats().apiUsage).toBe(1);
  });

  it('answers an HTML 503 page, which jsforce reports as html content', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 1, kind: 'html503' });
    const error = await failure(conn.sobject('Account').create({ Name: 'Html' }));
    expect(error.message).toMatch(/html/i);
  });

  it('fails record writes with UNABLE_TO_LOCK_ROW, per record inside collections', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 1, kind: 'lock' });
    const results = (await conn.sobject('Account').create([{ Name: 'Locked' }, { Name: 'Free' }])) as Array<{
      success: boolean;
      errors: Array<{ statusCode: string }>;
    }>;
    expect(results.map((r) => r.success)).toEqual([false, true]);
    expect(results[0].errors[0].statusCode).toBe('UNABLE_TO_LOCK_ROW');
  });

  it('delays the next request by the injected latency and still answers it', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 1, kind: 'latency', latencyMs: 80 });
    const started = performance.now();
    const result = await conn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('drops the connection of the next request', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 1, kind: 'drop' });
    const error = await failure(conn.sobject('Account').create({ Name: 'Dropped' }));
    expect(error.message).toMatch(/socket hang up|ECONNRESET|network/i);
    expect((await conn.sobject('Account').create({ Name: 'Not dropped' })).success).toBe(true);
  });

  it('answers 401 once, which jsforce survives by refreshing the session', async () => {
    const session = sf.sandbox.issueSession();
    const conn = new Connection({
      oauth2: { clientId: session.clientId, clientSecret: session.clientSecret, loginUrl: sf.instanceUrl },
      instanceUrl: sf.instanceUrl,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      version: VERSION,
    });
    const exchanges = countExchanges(conn);
    sf.sandbox.control.injectFaults({ count: 1, kind: '401' });
    const result = await conn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBeGreaterThan(0);
    expect(exchanges.map((e) => e.status)).toEqual([401, 200]);
  });

  it('clears pending faults on reset', async () => {
    const { conn } = sf.connect();
    sf.sandbox.control.injectFaults({ count: 3, kind: '500' });
    sf.sandbox.control.reset();
    expect((await conn.sobject('Account').create({ Name: 'Clean' })).success).toBe(true);
  });
});
