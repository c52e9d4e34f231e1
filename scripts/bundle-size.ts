/**
 * @module Prints the side panel's size: every script and stylesheet sidepanel.html loads, raw and gzip
 * (target: JS ≤ 50 KB gzip). Run after a build: `npm run size`; the e2e setup prints it after its build.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export function sidePanelSize(outDir = process.env.WXT_OUT_DIR ?? '.output') {
  const root = resolve(outDir, 'chrome-mv3');
  const html = readFileSync(join(root, 'sidepanel.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const sizes = files.map((f) => {
    const body = readFileSync(join(root, f));
    return { file: f, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  const js = sizes.filter((s) => s.file.endsWith('.js'));
  return {
    files: sizes,
    jsGzipKB: Math.round((js.reduce((n, s) => n + s.gzip, 0) / 1024) * 10) / 10,
    jsRawKB: Math.round((js.reduce((n, s) => n + s.raw, 0) / 1024) * 10) / 10,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = sidePanelSize();
  console.table(size.files);
  console.log(
    `[figure] side panel JS: ${size.jsGzipKB} KB gzip (${size.jsRawKB} KB raw); target ≤ 50 KB gzip`,
  );
}
