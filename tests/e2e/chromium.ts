/** Finds a Chromium to drive: env, Debian's package, else puppeteer's own download. Never skips. */
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer';

export function findChromium(): string {
  const candidates = [
    process.env.PUPPETEER_EXECUTABLE_PATH,
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
  ];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    const own = puppeteer.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // puppeteer has no downloaded browser (its download is disabled in .puppeteerrc.cjs)
  }
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one with "sudo apt-get install -y chromium" ' +
      '(Debian/Ubuntu) or set PUPPETEER_EXECUTABLE_PATH to a Chromium/Chrome binary.',
  );
}
