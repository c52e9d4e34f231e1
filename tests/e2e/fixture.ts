/** Launches Chromium with the built extension and a proxy on a free port with a temp data dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer';
import { afterAll, beforeAll } from 'vitest';
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

/** Chromium with the extension built in `extensionDir` (default: the e2e build); the one launcher of the suite and the scripts. */
export async function launchWithExtension(extensionDir = EXTENSION_DIR): Promise<ExtensionSession> {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: [extensionDir],
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
      // A service worker that has only just started may not have its extension APIs bound yet (seen once
      // in CI as "chrome is not defined"): ask again, a few times, before giving up.
      for (let attempt = 1; ; attempt++) {
        try {
          const w = await serviceWorker();
          await w.evaluate(
            (settings: { url: string; token: string }) => chrome.storage.local.set({ proxy: settings }),
            { url, token },
          );
          return;
        } catch (err) {
          if (attempt >= 10 || !/chrome is not defined|Execution context was destroyed/.test(String(err)))
            throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
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

export type SandboxTestProxy = Awaited<ReturnType<typeof startSandboxTestProxy>>;

/** What a spec file's shared setup gives its tests: read `proxy` and `session` inside a test or hook. */
export interface FileSetup<P, S> {
  readonly proxy: P;
  readonly session: S;
}

/**
 * A spec file's proxy and browser, started once before its tests (paired unless `pair: false`) and closed
 * after them, so the usual `beforeAll`/`afterAll` pair is not written again at the top of every spec.
 * Defaults: the embedded sandboxes after one demo sync, and Chromium with the built extension.
 */
export function setupFile(): FileSetup<SandboxTestProxy, ExtensionSession>;
export function setupFile<P extends Closable & Pairable, S extends Closable & PairsWith>(options: {
  proxy: () => Promise<P>;
  browser: () => Promise<S>;
  pair?: boolean;
}): FileSetup<P, S>;
export function setupFile(
  options: {
    proxy: () => Promise<Closable & Pairable>;
    browser: () => Promise<Closable & PairsWith>;
    pair?: boolean;
  } = { proxy: startSandboxTestProxy, browser: launchWithExtension },
): FileSetup<unknown, unknown> {
  let proxy: (Closable & Pairable) | undefined;
  let session: (Closable & PairsWith) | undefined;
  beforeAll(async () => {
    proxy = await options.proxy();
    session = await options.browser();
    if (options.pair !== false) await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`The ${what} is started in beforeAll: read it inside a test or hook.`);
    return value;
  };
  return {
    get proxy() {
      return started(proxy, 'proxy');
    },
    get session() {
      return started(session, 'browser');
    },
  };
}

interface Closable {
  close(): Promise<void>;
}
interface Pairable {
  url: string;
  token: string;
}
interface PairsWith {
  pair(url: string, token: string): Promise<void>;
}
