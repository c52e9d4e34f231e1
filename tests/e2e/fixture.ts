/** Launches Chromium with the built extension and a proxy on a free port with a temp data dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer';
import { startSandboxProxy } from '../../proxy/runtime/sandbox-runtime';
import { type RunningProxy, startProxy } from '../../proxy/server';
import { findChromium } from './chromium';

export const EXTENSION_DIR = resolve(process.env.WXT_OUT_DIR ?? '.output', 'chrome-mv3');

export interface ExtensionSession {
  browser: Browser;
  extensionId: string;
  open(path: string): Promise<Page>;
  /** The background service worker (badge, alarms, notifications are read there). */
  worker(): Promise<WebWorker>;
  /** Pairs the extension with a proxy by writing its settings, as the options page does. */
  pair(url: string, token: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchWithExtension(): Promise<ExtensionSession> {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    { timeout: 20_000 },
  );
  const extensionId = new URL(worker.url()).host;
  const serviceWorker = async (): Promise<WebWorker> => {
    const target = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
    );
    const w = await target.worker();
    if (!w) throw new Error('The extension service worker is not running.');
    return w;
  };
  return {
    browser,
    extensionId,
    async open(path) {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    worker: serviceWorker,
    async pair(url, token) {
      const w = await serviceWorker();
      await w.evaluate(
        (settings: { url: string; token: string }) => chrome.storage.local.set({ proxy: settings }),
        {
          url,
          token,
        },
      );
    },
    close: () => browser.close(),
  };
}

export async function startTestProxy(): Promise<RunningProxy & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-health-e2e-'));
  const proxy = await startProxy({ port: 0, dataDir });
  return {
    ...proxy,
    dataDir,
    async close() {
      await proxy.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A proxy on the embedded org and portal, with one demo sync already run (the loop not started). */
export async function startSandboxTestProxy() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-health-e2e-sb-'));
  const running = await startSandboxProxy({ port: 0, dataDir, autoStart: false });
  await running.sync.engine.runOnce();
  return {
    ...running.proxy,
    store: running.sync.store,
    engine: running.sync.engine,
    sandboxes: running.sandboxes,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
