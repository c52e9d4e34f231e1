/**
 * @module Compares the side panel's first paint across extension builds under the same load: one
 * sandbox proxy after a demo sync, one browser per build, and the builds' panels reloaded in turn with
 * the floor pages of bench/first-paint.ts (floor text, panel A, panel B, …, floor script; the builds take
 * turns going first), RELOADS rounds at 400 px. A figure, never a pass/fail: wall-clock times depend on
 * the machine.
 *
 *   npx wxt build && cp -r .output /tmp/new   # and an older build in /tmp/old
 *   RELOADS=40 node --import tsx scripts/first-paint-compare.mts /tmp/old/chrome-mv3 /tmp/new/chrome-mv3
 */

import { firstPaintLines, measureFirstPaint, pairedMedian, withFloorPages } from '../bench/first-paint';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from '../tests/e2e/fixture';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('Give one or more built extension folders, e.g. /tmp/old/chrome-mv3 /tmp/new/chrome-mv3');
  process.exit(2);
}
const reloads = Number(process.env.RELOADS ?? 20);

const proxy = await startSandboxTestProxy();
const floors = dirs.map(withFloorPages);
const sessions: ExtensionSession[] = [];
try {
  for (const floor of floors) {
    const session = await launchWithExtension(floor.dir);
    sessions.push(session);
    await session.pair(proxy.url, proxy.token);
  }
  const figures = await measureFirstPaint(sessions, reloads);
  figures.forEach((f, i) => {
    console.log(`${dirs[i]}:\n${firstPaintLines(f).join('\n')}`);
    if (i > 0)
      console.log(
        `  against ${dirs[0]}: ${pairedMedian(f.panel, figures[0]!.panel)} ms (median of visit-by-visit differences, same rounds)`,
      );
  });
} finally {
  for (const session of sessions) await session.close();
  for (const floor of floors) floor.remove();
  await proxy.close();
}
process.exit(0);
