/**
 * @module Holds the side panel's follow-up work (asking the proxy, reading the cached chart and causes
 * from IndexedDB) until its first numbers are on screen. Traced on a reload: those reads and the
 * re-render they cause ran on the main thread while the first frame was still being rastered, and on a
 * busy machine that pushed the paint back by tens of milliseconds. Only the side panel holds (main.tsx,
 * when it has cached numbers to paint); elsewhere, and never longer than FALLBACK_MS, nothing waits.
 */

const FALLBACK_MS = 300;

let painted: Promise<void> = Promise.resolve();
let release: () => void = () => undefined;

/** Resolves once the first numbers are painted, at once when nothing is held. */
export const afterFirstPaint = (): Promise<void> => painted;

/** The first numbers are painted (Element Timing said so). */
export function firstPaintDone(): void {
  release();
}

/** Called once before the side panel's first render: hold only when there are cached numbers to paint. */
export function holdUntilFirstPaint(somethingToPaint: boolean): void {
  if (!somethingToPaint) return;
  painted = new Promise<void>((resolve) => {
    release = resolve;
    setTimeout(resolve, FALLBACK_MS);
  });
}
