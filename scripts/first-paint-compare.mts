/**
 * @module Compares the side panel's first paint across extension builds, alternating them under the same
 * load (one sandbox proxy after a demo sync; per round, each build gets a fresh browser and RELOADS
 * reloads at 400 px). Prints each round's median and, per build, the median of every reload with the
 * steps before it. A figure, never a pass/fail: wall-clock times depend on the machine.
 *
 *   npx wxt build && cp -r .output /tmp/new   # and an older build in /tmp/old
 *   ROUNDS=4 RELOADS=20 node --import tsx scripts/first-paint-compare.mts /tmp/old/chrome-mv3 /tmp/new/chrome-mv3
 *   TRACE=/tmp/trace …   # writes a Chrome trace of the first round's last reload, per build
 */

import { writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer';
import { findChromium } from '../tests/e2e/chromium';
import { startSandboxTestProxy } from '../tests/e2e/fixture';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rounds = Number(process.env.ROUNDS ?? 3);
const reloads = Number(process.env.RELOADS ?? 20);
const trace = process.env.TRACE;
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const proxy = await startSandboxTestProxy();
async function session(dir: string) {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: [dir],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const wt = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    { timeout: 20000 },
  );
  const id = new URL(wt.url()).host;
  for (let a = 0; ; a++) {
    try {
      const w = await (
        await browser.waitForTarget(
          (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`),
        )
      ).worker();
      await w!.evaluate((s) => chrome.storage.local.set({ proxy: s }), {
        url: proxy.url,
        token: proxy.token,
      });
      break;
    } catch (e) {
      if (a > 10) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const page = await browser.newPage();
  await page.setViewport({ width: 400, height: 900 });
  await page.goto(`chrome-extension://${id}/sidepanel.html`);
  await page.waitForSelector('[data-testid=usage-chart]', { timeout: 15000 });
  await page.waitForSelector('[aria-labelledby=groups-title] li', { timeout: 15000 });
  return { browser, page };
}
const results: Record<string, { paint: number[]; steps: Record<string, number[]> }> = {};
for (let r = 0; r < rounds; r++) {
  for (const dir of dirs) {
    const { browser, page } = await session(dir);
    results[dir] ??= { paint: [], steps: { html: [], script: [], rendered: [], fcp: [] } };
    const res = results[dir];
    const run: number[] = [];
    for (let i = 0; i < reloads; i++) {
      if (trace && i === reloads - 1 && r === 0)
        await page.tracing.start({
          path: `${trace}-${dirs.indexOf(dir)}.json`,
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'blink.user_timing',
            'loading',
            'v8.execute',
            'disabled-by-default-devtools.timeline.frame',
            'toplevel',
            'blink',
            'netlog',
            'navigation',
            'cc',
            'viz',
            'gpu',
            'benchmark',
            'rail',
          ],
        });
      await page.reload();
      const h = await page.waitForFunction(
        () => performance.getEntriesByName('first-summary-paint').at(-1)?.startTime ?? false,
        { polling: 20, timeout: 15000 },
      );
      const t = (await h.jsonValue()) as number;
      if (trace && i === reloads - 1 && r === 0) {
        await new Promise((r) => setTimeout(r, 300));
        await page.tracing.stop();
      }
      run.push(t);
      res.paint.push(t);
      const at = (await page.evaluate(
        `(() => { const nav = performance.getEntriesByType('navigation')[0]; const t = (n) => { const e = performance.getEntriesByName(n); return e.length ? e[e.length-1].startTime : -1; }; return { html: nav ? nav.responseEnd : -1, script: t('panel-script'), rendered: t('panel-rendered'), fcp: t('first-contentful-paint') }; })()`,
      )) as Record<string, number>;
      for (const [k, v] of Object.entries(at)) res.steps[k]!.push(v);
    }
    console.log(
      `round ${r} ${dir}: median ${Math.round(median(run))} (min ${Math.round(Math.min(...run))}, max ${Math.round(Math.max(...run))})`,
    );
    await browser.close();
  }
}
for (const dir of dirs) {
  const res = results[dir]!;
  console.log(
    `${dir}: paint median ${Math.round(median(res.paint))} min ${Math.round(Math.min(...res.paint))} max ${Math.round(Math.max(...res.paint))} n=${res.paint.length}; html ${Math.round(median(res.steps.html!))} script ${Math.round(median(res.steps.script!))} rendered ${Math.round(median(res.steps.rendered!))} fcp ${Math.round(median(res.steps.fcp!))}`,
  );
}
writeFileSync('/tmp/w4perf/last.json', JSON.stringify(results));
await proxy.close();
process.exit(0);
