/** @module Page helpers for the record-page specs: the CRM apps served at their real URLs, the panel's record view. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';

export const HUBSPOT = 'https://app.hubspot.com';
export const LIGHTNING = 'https://acme-dev-ed.lightning.force.com';

/** A stand-in for the real app at its real URL: a single page whose `go(url)` changes the URL with pushState. */
function fakeApp(title: string) {
  return `<!doctype html><title>${title}</title><h1>${title}</h1>
<script>window.go = (url) => history.pushState({}, '', url);</script>`;
}

/** Answers requests for app.hubspot.com and *.lightning.force.com from `page` itself (no network). */
export async function serveAtRealUrls(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    const host = new URL(req.url()).hostname;
    if (host === 'app.hubspot.com' || host.endsWith('.lightning.force.com'))
      void req.respond({ status: 200, contentType: 'text/html', body: fakeApp(host) });
    else void req.continue();
  });
}

/** In-app navigation the way HubSpot and Lightning do it: pushState, no page load. */
export async function pushState(app: Page, url: string): Promise<void> {
  await app.evaluate((u) => (window as unknown as { go(u: string): void }).go(u), url);
}

/** Waits until the panel's record view is in `state`; returns the text it shows. */
export async function recordViewIn(panel: Page, state: string): Promise<string> {
  await panel.waitForSelector(`[data-testid=record-view][data-state=${state}]`, { timeout: 15_000 });
  return panel.$eval('[data-testid=record-view]', (el) => el.textContent ?? '');
}

/** The href of the panel's "Open in …" link. */
export function otherSideLink(panel: Page): Promise<string> {
  return panel.$eval('[data-testid=other-side-link]', (a) => (a as HTMLAnchorElement).href);
}

/** With E2E_SCREENSHOTS=DIR, saves the page as DIR/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.E2E_SCREENSHOTS) return;
  mkdirSync(process.env.E2E_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(process.env.E2E_SCREENSHOTS, `${name}.png`) });
}
