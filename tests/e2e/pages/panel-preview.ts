/** @module The side panel's Settings → Preview of the first sync, on a sandbox proxy started for it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { type ExtensionSession, launchWithExtension } from '../fixture';

export type PreviewProxy = Awaited<ReturnType<typeof startSandboxProxy>>;

/**
 * A sandbox proxy that has not synced yet (`prepare` runs before the browser starts, e.g. the setup's
 * apply and a first run held for the preview) and Chromium paired with it.
 */
export async function startPreviewSession(
  options: { freshOrg?: boolean } = {},
  prepare: (running: PreviewProxy) => Promise<void> = async () => undefined,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-health-e2e-preview-'));
  const running = await startSandboxProxy({ port: 0, dataDir, autoStart: false, ...options });
  await prepare(running);
  const session = await launchWithExtension();
  await session.pair(running.proxy.url, running.proxy.token);
  return {
    running,
    session,
    async close() {
      await session.close();
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the side panel, then Settings, runs the preview and waits for its table. */
export async function openPreview(session: ExtensionSession): Promise<Page> {
  const panel = await session.open('sidepanel.html');
  await panel.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
  await panel.click('[data-testid=tab-settings]');
  // The panel draws from its cache first, its actions disabled until the proxy answers.
  await panel.waitForSelector('[data-testid=preview-run]:not([disabled])', { timeout: 15_000 });
  await panel.click('[data-testid=preview-run]');
  await panel.waitForSelector('[data-testid=preview-table] tbody tr', { timeout: 60_000 });
  return panel;
}
