import '../../ui/panel.css';
import { render } from 'preact';
import { preloadCachedSummary } from '../../ui/shell/use-health';
import { App } from './App';

/** Longest the first render waits for the cached summary; past it the panel paints a skeleton first. */
const CACHE_WAIT_MS = 150;

// The first render waits (briefly) for the cached summary read from IndexedDB: the first frame then has
// the last known numbers, instead of a skeleton followed a few frames later by the numbers. The other
// views' code is not in this bundle (ui/shell/lazy-views), so it parses quickly. (A dynamic import of
// App, to overlap its parsing with the IndexedDB read, measured slower: one more request before render.)
// Where the time before the first numbers goes (performance.spec prints these beside the first paint):
// the page's modules are loaded and parsed once this runs; 'panel-rendered' is after the first render.
performance.mark('panel-script');
const cached = preloadCachedSummary();
const waited = Promise.race([cached, new Promise((resolve) => setTimeout(resolve, CACHE_WAIT_MS))]);
waited.then(() => {
  render(<App />, document.getElementById('app')!);
  performance.mark('panel-rendered');
});
