import { render } from 'preact';
import { holdUntilFirstPaint } from '../../cache/first-paint';
import { applyPanelStyles } from '../../ui/panel-styles';
import { hasCachedSummary, preloadCachedSummary } from '../../ui/shell/use-health';
import { App } from './App';

/** Longest the first render waits for the cached summary; past it the panel paints a skeleton first. */
const CACHE_WAIT_MS = 150;

// Where the time before the first numbers goes (performance.spec prints these beside the first paint):
// the page's module is loaded and run once 'panel-script' is marked; 'panel-rendered' is after the first
// render. The first screen is one script (its stylesheet inside it, ui/panel-styles), the other views'
// code is in lazy chunks (ui/shell/lazy-views), so it parses quickly.
performance.mark('panel-script');
applyPanelStyles();
const mount = () => {
  const app = document.getElementById('app')!;
  render(<App />, app);
  // How much the first frame draws (the e2e performance spec keeps it small: the summary line alone).
  performance.mark('panel-rendered', { detail: { elements: app.getElementsByTagName('*').length } });
};
// The first frame shows the last known numbers: the localStorage snapshot answers synchronously, so the
// render happens in this same task, and draws only the overview's summary line (Overview, with
// useFirstPaintDone): the rest of the overview follows below it once that line is painted. Without one
// (the first panel after an update) the render waits, briefly, for IndexedDB, instead of painting a
// skeleton followed a few frames later by the numbers.
const cached = preloadCachedSummary();
holdUntilFirstPaint(hasCachedSummary());
if (hasCachedSummary()) mount();
else void Promise.race([cached, new Promise((resolve) => setTimeout(resolve, CACHE_WAIT_MS))]).then(mount);
