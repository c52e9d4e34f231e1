/**
 * @module Holds the side panel's follow-up work (asking the proxy, reading the cached chart and causes
 * from IndexedDB) until its first numbers are on screen. Traced on a reload: those reads and the
 * re-render they cause ran on the main thread while the first frame was still being rastered, and on a
 * busy machine that pushed the paint back by tens of milliseconds. Only the side panel holds (main.tsx,
 * when it has cached numbers to paint); elsewhere, and never longer than FALLBACK_MS, nothing waits.
 */

import { useEffect, useState } from 'preact/hooks';

const FALLBACK_MS = 300;

let painted: Promise<void> = Promise.resolve();
let release: () => void = () => undefined;
/** False from a held first render until its numbers are painted (or FALLBACK_MS passed). */
let settled = true;

/** Resolves once the first numbers are painted, at once when nothing is held. */
export const afterFirstPaint = (): Promise<void> => painted;

/** The first numbers are painted (Element Timing said so). */
export function firstPaintDone(): void {
  release();
}

/** Called once before the side panel's first render: hold only when there are cached numbers to paint. */
export function holdUntilFirstPaint(somethingToPaint: boolean): void {
  if (!somethingToPaint) return;
  settled = false;
  painted = new Promise<void>((resolve) => {
    release = resolve;
    setTimeout(resolve, FALLBACK_MS);
  }).then(() => {
    settled = true;
  });
}

/**
 * False while the side panel's first numbers from its cache are still on their way to the screen, then
 * true (at once everywhere else, and in every later render). The overview draws only its summary line in
 * that first frame and the rest below it once this turns true: a first frame of ~250 elements of text
 * (style, layout and software raster) was most of the panel's own share of the first paint (issue 19).
 */
export function useFirstPaintDone(): boolean {
  const [done, setDone] = useState(settled);
  useEffect(() => {
    if (done) return;
    let live = true;
    void painted.then(() => live && setDone(true));
    return () => {
      live = false;
    };
  }, [done]);
  return done;
}
