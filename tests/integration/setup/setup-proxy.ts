/** @module A sandbox-mode proxy started afresh for each test of the setup check (its own data folder, console kept quiet). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { apiOf, captureConsole } from '../connect/connect-harness';

export type SetupProxy = Awaited<ReturnType<typeof startSandboxProxy>>;

/**
 * Registers the per-test start and close of a proxy on the embedded sandbox (not started syncing) and
 * answers what the tests use: read its fields inside a test, they are set by the `beforeEach`.
 */
export function useSetupProxy(options: { freshOrg?: boolean } = {}) {
  const env = {} as { dataDir: string; proxy: SetupProxy; api: ReturnType<typeof apiOf> };
  let logs: ReturnType<typeof captureConsole>;
  beforeEach(async () => {
    logs = captureConsole();
    env.dataDir = mkdtempSync(join(tmpdir(), 'sh-setup-'));
    env.proxy = await startSandboxProxy({ port: 0, dataDir: env.dataDir, autoStart: false, ...options });
    env.api = apiOf(env.proxy.proxy);
  });
  afterEach(async () => {
    await env.proxy.close();
    logs.restore();
    rmSync(env.dataDir, { recursive: true, force: true });
  });
  return env;
}
