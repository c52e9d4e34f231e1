/** A sandbox proxy after one demo sync, Chromium with the extension paired to it, and screenshot saving. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, WebWorker } from 'puppeteer';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from '../fixture';

export type SandboxProxy = Awaited<ReturnType<typeof startSandboxTestProxy>>;

export interface CategorySession {
  proxy: SandboxProxy;
  session: ExtensionSession;
  /** The extension's service worker (badge, storage). */
  worker: WebWorker;
  close(): Promise<void>;
}

/** Starts both and pairs the extension by writing the proxy address and token to its storage. */
export async function startCategorySession(): Promise<CategorySession> {
  const proxy = await startSandboxTestProxy();
  const session = await launchWithExtension().catch(async (err) => {
    await proxy.close();
    throw err;
  });
  await session.pair(proxy.url, proxy.token);
  const worker = await session.worker();
  return {
    proxy,
    session,
    worker,
    async close() {
      await session.close();
      await proxy.close();
    },
  };
}

/** The toolbar badge text, or null when the badge is not set (no live badge in this build). */
export async function badgeText(worker: WebWorker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** With E2E_SCREENSHOTS=DIR, saves a PNG of the page as DIR/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Calls the embedded Salesforce org's control API, as an admin's change in Setup. */
export async function salesforceControl(proxy: SandboxProxy, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${proxy.url}/sandbox/salesforce/_control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${proxy.token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Sandbox control ${path} answered ${res.status}: ${await res.text()}`);
}
