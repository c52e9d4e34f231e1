/** A proxy on the embedded sandboxes after one demo sync, and fetch helpers carrying the pairing token. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { testDatabase } from '../../../proxy/store/index';

export type ApiHarness = Awaited<ReturnType<typeof startApiHarness>>;

export async function startApiHarness() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sh-api-'));
  const running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  await running.sync.engine.runOnce();
  const url = (path: string) => `${running.proxy.url}/api/v1${path}`;
  const headers = { authorization: `Bearer ${running.proxy.token}` };
  return {
    running,
    store: running.sync.store,
    engine: running.sync.engine,
    get: (path: string) => fetch(url(path), { headers }),
    send: (method: string, path: string, body: unknown) =>
      fetch(url(path), {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    /** Everything a bad request must leave unchanged. */
    snapshot: async () => ({
      summary: await running.sync.store.summary(),
      settings: await running.sync.store.settings(),
      errors: testDatabase(running.sync.store)
        .prepare('SELECT COUNT(*) AS n, MAX(last_seen) AS t FROM errors')
        .get(),
      queue: testDatabase(running.sync.store).prepare('SELECT COUNT(*) AS n FROM queue').get(),
    }),
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
