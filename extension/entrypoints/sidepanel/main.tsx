import '../../ui/panel.css';
import { render } from 'preact';
import { preloadCachedSummary } from '../../ui/shell/use-health';
import { App } from './App';

preloadCachedSummary();
render(<App />, document.getElementById('app')!);
