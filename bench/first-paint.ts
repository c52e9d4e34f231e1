/**
 * @module The side panel's first paint from its cache, next to the floor of this machine: how soon an
 * extension page of the same extension paints when it does nothing (one line of text, no script) and
 * when it runs a tiny classic script that writes a number. Chrome's navigation, the extension's script
 * context and the first frame cost that floor whatever the panel does; the difference is the panel's.
 *
 * The three pages are reloaded in turn (A B C A B C …, each in its own tab, brought to the front), so a
 * machine shared with other work slows all three alike. Wall-clock figures depend on the machine: they
 * are printed (`npm run bench -- --only paint`, the e2e performance spec), never asserted.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from '../tests/e2e/fixture';

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface FirstPaintFigures {
  /** The panel's first numbers on screen (the `first-summary-paint` mark: Element Timing of the numbers). */
  panel: Spread;
  /** The panel's first contentful paint (anything at all on screen). */
  panelFcp: Spread;
  /** An extension page with one line of text and no script: its first contentful paint. */
  floorText: Spread;
  /** An extension page whose tiny classic script writes a number: its first contentful paint. */
  floorScript: Spread;
  /** Medians of where the panel's time went, ms after navigation start. */
  panelSteps: { html: number; script: number; rendered: number };
}

export const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const spread = (xs: number[]): Spread => ({
  median: Math.round(median(xs)),
  min: Math.round(Math.min(...xs)),
  max: Math.round(Math.max(...xs)),
  runs: xs.length,
});

const HEAD = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="color-scheme" content="light dark" />
    <title>Sync Health</title>
  </head>
  <body>`;

/** The floor pages, added beside the panel in a copy of the built extension (the build itself is left as it is). */
const FLOOR_FILES: Record<string, string> = {
  'floor-text.html': `${HEAD}
    <p>1,234 errors</p>
  </body>
</html>
`,
  'floor-script.html': `${HEAD}
    <p id="n"></p>
    <script src="/floor-script.js"></script>
  </body>
</html>
`,
  // Extension pages allow script files, not inline scripts (Manifest V3's content security policy).
  'floor-script.js': `document.getElementById('n').textContent = (1234).toLocaleString('en-US') + ' errors';\n`,
};

/** Copies the built extension in `extensionDir` to a temporary folder and adds the floor pages to it. */
export function withFloorPages(extensionDir: string): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'sync-health-paint-'));
  const dir = join(root, 'chrome-mv3');
  cpSync(extensionDir, dir, { recursive: true });
  for (const [name, text] of Object.entries(FLOOR_FILES)) writeFileSync(join(dir, name), text);
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The startTime of the last entry called `name` (a mark or a paint entry) once the page has it. */
async function entryTime(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? false,
    { polling: 10, timeout: 15_000 },
    name,
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Opens the panel (paired with the proxy at `proxy`, its cache filled by one visit) and the two floor
 * pages in `session`, then reloads the three in turn `rounds` times. `session` must have been launched
 * on a folder made by withFloorPages().
 */
export async function measureFirstPaint(
  session: ExtensionSession,
  rounds = 20,
  viewport = { width: 400, height: 900 },
): Promise<FirstPaintFigures> {
  const open = async (path: string) => {
    const page = await session.open(path);
    await page.setViewport(viewport);
    return page;
  };
  const panel = await open('sidepanel.html');
  // Everything the first screen shows, fetched once so that the cache holds it.
  await panel.waitForSelector('[data-testid=usage-chart]', { timeout: 15_000 });
  await panel.waitForSelector('[aria-labelledby=groups-title] li', { timeout: 15_000 });
  const floorText = await open('floor-text.html');
  const floorScript = await open('floor-script.html');

  const t = {
    panel: [] as number[],
    panelFcp: [] as number[],
    floorText: [] as number[],
    floorScript: [] as number[],
  };
  const steps = { html: [] as number[], script: [] as number[], rendered: [] as number[] };
  const reload = async (page: Page) => {
    await page.bringToFront();
    await page.reload();
  };
  for (let i = 0; i < rounds; i++) {
    await reload(floorText);
    t.floorText.push(await entryTime(floorText, 'first-contentful-paint'));

    await reload(panel);
    t.panel.push(await entryTime(panel, 'first-summary-paint'));
    t.panelFcp.push(await entryTime(panel, 'first-contentful-paint'));
    // A string, not a function: run under tsx, a function's inner named helpers would reach the page
    // wrapped in esbuild's __name(), which the page does not have.
    const at = (await panel.evaluate(`({
      html: performance.getEntriesByType('navigation')[0]?.responseEnd ?? -1,
      script: performance.getEntriesByName('panel-script').at(-1)?.startTime ?? -1,
      rendered: performance.getEntriesByName('panel-rendered').at(-1)?.startTime ?? -1,
    })`)) as { html: number; script: number; rendered: number };
    for (const k of ['html', 'script', 'rendered'] as const) steps[k].push(at[k]);

    await reload(floorScript);
    t.floorScript.push(await entryTime(floorScript, 'first-contentful-paint'));
  }
  await Promise.all([panel.close(), floorText.close(), floorScript.close()]);
  return {
    panel: spread(t.panel),
    panelFcp: spread(t.panelFcp),
    floorText: spread(t.floorText),
    floorScript: spread(t.floorScript),
    panelSteps: {
      html: Math.round(median(steps.html)),
      script: Math.round(median(steps.script)),
      rendered: Math.round(median(steps.rendered)),
    },
  };
}

const range = (s: Spread) => `min ${s.min}, max ${s.max}, ${s.runs} runs`;

/** The figures as sentences, the first one the headline. */
export function firstPaintLines(f: FirstPaintFigures): string[] {
  return [
    `first paint median ${f.panel.median} ms (floor of an empty extension page on this machine: ${f.floorText.median} ms); target ≤ 150 ms`,
    `  panel's first numbers: median ${f.panel.median} ms (${range(f.panel)}); panel's first contentful paint: median ${f.panelFcp.median} ms (${range(f.panelFcp)})`,
    `  floor, one line of text and no script: median ${f.floorText.median} ms (${range(f.floorText)})`,
    `  floor, a tiny classic script writes a number: median ${f.floorScript.median} ms (${range(f.floorScript)})`,
    `  the panel's own share: ${f.panel.median - f.floorText.median} ms above the empty page, ${f.panel.median - f.floorScript.median} ms above the scripted one`,
    `  panel steps (medians, ms after navigation start): HTML in ${f.panelSteps.html}, module run ${f.panelSteps.script}, first render done ${f.panelSteps.rendered}`,
  ];
}

/** `npm run bench -- --only paint`: builds the extension into a temporary folder and measures it on a sandbox proxy. */
export async function benchFirstPaint(rounds: number): Promise<FirstPaintFigures> {
  const out = mkdtempSync(join(tmpdir(), 'sync-health-paint-build-'));
  const proxy = await startSandboxTestProxy();
  let floor: ReturnType<typeof withFloorPages> | undefined;
  let session: ExtensionSession | undefined;
  try {
    execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore', env: { ...process.env, WXT_OUT_DIR: out } });
    floor = withFloorPages(join(out, 'chrome-mv3'));
    session = await launchWithExtension(floor.dir);
    await session.pair(proxy.url, proxy.token);
    return await measureFirstPaint(session, rounds);
  } finally {
    await session?.close();
    floor?.remove();
    await proxy.close();
    rmSync(out, { recursive: true, force: true });
  }
}
