/**
 * @module Prints the side panel's size: the scripts and stylesheets sidepanel.html loads and the chunks they
 * import (lazy views included), raw and gzip
 * (target: JS ≤ 50 KB gzip). Run after a build: `npm run size`; the e2e setup prints it after its build.
 */
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The chunks a script imports, static or lazy (Vite writes `import("./x.js")` with any quote style). */
function importedChunks(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = text.matchAll(/["'`](\.{1,2}\/[^"'`\s]+\.js|\/?chunks\/[^"'`\s]+\.js)["'`]/g);
  return [...specs].map((m) => {
    const spec = m[1]!;
    return spec.startsWith('.') ? posix.join(posix.dirname(file), spec) : `/${spec.replace(/^\//, '')}`;
  });
}

export function sidePanelSize(outDir = process.env.WXT_OUT_DIR ?? '.output') {
  const root = resolve(outDir, 'chrome-mv3');
  const html = readFileSync(join(root, 'sidepanel.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  // Everything the panel may load: the linked files, then every chunk they import, lazily or not.
  const all = new Set(linked);
  for (const file of all) if (file.endsWith('.js')) for (const c of importedChunks(root, file)) all.add(c);
  const sizes = [...all].map((f) => {
    const body = readFileSync(join(root, f));
    return {
      file: f,
      firstScreen: linked.includes(f),
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
    };
  });
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  const js = sizes.filter((s) => s.file.endsWith('.js'));
  const first = js.filter((s) => s.firstScreen);
  return {
    files: sizes,
    /** What the first screen runs (the scripts sidepanel.html links). */
    jsGzipKB: kb(first.reduce((n, s) => n + s.gzip, 0)),
    jsRawKB: kb(first.reduce((n, s) => n + s.raw, 0)),
    /** Every panel script, the lazily loaded views included. */
    allJsGzipKB: kb(js.reduce((n, s) => n + s.gzip, 0)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = sidePanelSize();
  console.table(size.files);
  console.log(
    `[figure] side panel JS: ${size.jsGzipKB} KB gzip first screen (${size.jsRawKB} KB raw), ${size.allJsGzipKB} KB gzip with the lazy views; target ≤ 50 KB gzip`,
  );
}
