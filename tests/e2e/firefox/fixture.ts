/**
 * @module Launches Debian's Firefox ESR through puppeteer's WebDriver BiDi with the Firefox build of the
 * extension installed as a temporary add-on (BiDi `webExtension.install`), the way about:debugging loads it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';

export const FIREFOX_EXTENSION_DIR = resolve(process.env.WXT_OUT_DIR ?? '.output', 'firefox-mv2');
/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const GECKO_ID = 'sync-health@sync-health.local';
/**
 * Firefox gives each add-on a random moz-extension:// host per profile; this pref fixes it for the test
 * profile, so the panel's URL is known before the add-on is installed.
 */
const EXTENSION_UUID = '6d0c2b8e-4f1a-4c39-9a57-5e0f3b7d2a11';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export function findFirefox(): string {
  const candidates = [
    process.env.FIREFOX_EXECUTABLE_PATH,
    '/usr/lib/firefox-esr/firefox-esr',
    '/usr/bin/firefox-esr',
  ];
  for (const path of candidates) if (path && existsSync(path)) return path;
  throw new Error(
    'No Firefox found for the Firefox end-to-end tests. Install Firefox ESR with "sudo apt-get install -y ' +
      'firefox-esr" (Debian/Ubuntu) or set FIREFOX_EXECUTABLE_PATH to a Firefox binary.',
  );
}

export interface FirefoxSession {
  browser: Browser;
  /** Opens an extension page (e.g. sidepanel.html, the sidebar's page) in a new tab. */
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Pairs the extension with a proxy by writing its settings, as the options page does. */
  pair(url: string, token: string): Promise<void>;
  /** The toolbar button's badge text (Firefox's browserAction), read from an extension page. */
  badgeText(): Promise<string>;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(): Promise<FirefoxSession> {
  if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json')))
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run "npm run build:firefox" first.`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    // Lets WebDriver BiDi navigate a tab to a moz-extension:// page (by default it allows http(s) only).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    },
  });
  try {
    const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (id !== GECKO_ID) throw new Error(`The Firefox build installed as ${id}, not ${GECKO_ID}`);
  } catch (err) {
    await browser.close();
    throw err;
  }

  async function open(path: string, viewport = { width: 420, height: 900 }): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport(viewport);
    const url = `${EXTENSION_ORIGIN}/${path}`;
    // The tab moves to the extension process on this navigation and BiDi never reports its load event to
    // puppeteer, so the goto is not awaited to its end: the page is ready when its document says so.
    void page.goto(url, { timeout: 5_000 }).catch(() => undefined);
    // Polled by hand: while the tab changes process, an evaluation can land in the departing document and fail.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ready = await page
        .evaluate((want: string) => location.href === want && document.readyState === 'complete', url)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`Firefox never loaded ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return page;
  }

  async function inExtensionPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const page = await open('options.html');
    try {
      return await fn(page);
    } finally {
      await page.close();
    }
  }

  return {
    browser,
    open,
    pair: (url, token) =>
      inExtensionPage((page) =>
        page.evaluate(
          (proxy: { url: string; token: string }) =>
            (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({ proxy }),
          { url, token },
        ),
      ),
    badgeText: () =>
      inExtensionPage((page) =>
        page.evaluate(() =>
          (
            globalThis as unknown as { browser: { browserAction: typeof chrome.action } }
          ).browser.browserAction.getBadgeText({}),
        ),
      ),
    close: () => browser.close(),
  };
}
