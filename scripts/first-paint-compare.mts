/**
 * @module Compares the side panel's first paint across extension builds, alternating them under the same
 * load (one sandbox proxy after a demo sync; per round, each build gets a fresh browser and RELOADS
 * reloads at 400 px, its panel alternating with the floor pages of bench/first-paint.ts). Prints each
 * round's figures and, per build, the figures over every round. A figure, never a pass/fail: wall-clock
 * times depend on the machine.
 *
 *   npx wxt build && cp -r .output /tmp/new   # and an older build in /tmp/old
 *   ROUNDS=4 RELOADS=20 node --import tsx scripts/first-paint-compare.mts /tmp/old/chrome-mv3 /tmp/new/chrome-mv3
 */

import {
  type FirstPaintFigures,
  firstPaintLines,
  measureFirstPaint,
  withFloorPages,
} from '../bench/first-paint';
import { launchWithExtension, startSandboxTestProxy } from '../tests/e2e/fixture';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('Give one or more built extension folders, e.g. /tmp/old/chrome-mv3 /tmp/new/chrome-mv3');
  process.exit(2);
}
const rounds = Number(process.env.ROUNDS ?? 3);
const reloads = Number(process.env.RELOADS ?? 20);

const proxy = await startSandboxTestProxy();
const results = new Map<string, FirstPaintFigures[]>();
for (let r = 0; r < rounds; r++) {
  for (const dir of dirs) {
    const floor = withFloorPages(dir);
    const session = await launchWithExtension(floor.dir);
    try {
      await session.pair(proxy.url, proxy.token);
      const figures = await measureFirstPaint(session, reloads);
      results.set(dir, [...(results.get(dir) ?? []), figures]);
      console.log(`round ${r} ${dir}:\n${firstPaintLines(figures).join('\n')}`);
    } finally {
      await session.close();
      floor.remove();
    }
  }
}
// Over the rounds: the median of the rounds' medians, the lowest min and the highest max.
for (const [dir, all] of results) {
  const mid = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const over = (pick: (f: FirstPaintFigures) => FirstPaintFigures['panel']) => ({
    median: mid(all.map((f) => pick(f).median)),
    min: Math.min(...all.map((f) => pick(f).min)),
    max: Math.max(...all.map((f) => pick(f).max)),
    runs: all.reduce((n, f) => n + pick(f).runs, 0),
  });
  const steps = (k: keyof FirstPaintFigures['panelSteps']) => mid(all.map((f) => f.panelSteps[k]));
  console.log(
    `${dir} over ${all.length} rounds:\n${firstPaintLines({
      panel: over((f) => f.panel),
      panelFcp: over((f) => f.panelFcp),
      floorText: over((f) => f.floorText),
      floorScript: over((f) => f.floorScript),
      panelSteps: { html: steps('html'), script: steps('script'), rendered: steps('rendered') },
    }).join('\n')}`,
  );
}
await proxy.close();
process.exit(0);
