import { createServer } from 'node:net';
import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { API_VERSION } from './adapter';
import { openChangeStream, reportFailedAttempts } from './streaming';

/** A loopback port nobody listens on: every request to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Failed connect attempts are seen by replacing faye's internal Dispatcher._scheduler (jsforce creates
// its faye clients with no options). If a jsforce or faye upgrade moves it, this fails first.
describe('the change stream sees each failed connect attempt', () => {
  it('finds the faye dispatcher field it replaces', () => {
    const conn = new Connection({
      instanceUrl: 'http://127.0.0.1:1',
      accessToken: 't',
      version: API_VERSION,
    });
    const client = conn.streaming.createClient([]) as unknown as { disconnect(): void };
    expect(() => reportFailedAttempts(client, () => undefined)).not.toThrow();
    expect(() => reportFailedAttempts({}, () => undefined)).toThrow(/faye moved Dispatcher._scheduler/);
    client.disconnect();
  });

  it('reports a handshake that got no answer as a failed attempt, naming no Salesforce error', async () => {
    const port = await closedPort();
    const conn = new Connection({
      instanceUrl: `http://127.0.0.1:${port}`,
      accessToken: 't',
      version: API_VERSION,
    });
    const outcomes: { object: string; kind: string; reason?: string }[] = [];
    const stream = openChangeStream(conn, {
      onEvent: () => undefined,
      onConnect: (object, o) => outcomes.push({ object, ...o }),
    });
    const subscribing = stream.subscribe('Contact', -1).catch(() => undefined);
    const deadline = Date.now() + 5000;
    while (!outcomes.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stream.close();
    await Promise.race([subscribing, new Promise((r) => setTimeout(r, 10))]);
    expect(outcomes[0]).toEqual({
      object: 'Contact',
      kind: 'failed',
      reason: 'no answer from Salesforce on the streaming connection',
    });
  });
});
