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
