/** @module Screenshots of the panel for people to look at: written only when E2E_SCREENSHOTS=DIR is set. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer';

/**
 * Saves the page as DIR/<name>.png when E2E_SCREENSHOTS=DIR; does nothing otherwise. The whole page,
 * unless `fullPage` is false: a tab in the background (the panel beside a record page) cannot be
 * resized for a full-page capture, only its viewport is captured.
 */
export async function savePng(page: Page, name: string, fullPage = true): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  // A scrolled page captured whole shows the sticky header where the scroll left it, over the content.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/**
 * Saves a page that is not in front (the panel beside a record page) as DIR/<name>.png: its DOM and
 * computed stylesheets are copied into a page of a separate browser context, which is captured instead.
 * A direct capture of the unfocused window waited forever after the first one (Chromium 156, headless),
 * and bringing the panel forward would make it follow another tab; a separate context is invisible to
 * the extension, so the panel keeps showing the record.
 */
export async function savePngOfCopy(
  page: Page,
  name: string,
  view: { width: number; theme: 'light' | 'dark' },
): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const html = await page.evaluate(() => {
    const css = [...document.styleSheets]
      .map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n'))
      .join('\n');
    const root = document.documentElement;
    return `<!doctype html><html lang="${root.lang}"><head><meta name="color-scheme" content="light dark"><style>${css}</style></head><body class="${document.body.className}">${document.body.innerHTML}</body></html>`;
  });
  const context = await page.browser().createBrowserContext();
  try {
    const copy = await context.newPage();
    await copy.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: view.theme }]);
    await copy.setViewport({ width: view.width, height: 900 });
    await copy.setContent(html, { waitUntil: 'load' });
    await copy.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  } finally {
    await context.close();
  }
}
