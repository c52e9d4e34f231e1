import { render } from 'preact'; render(<p>Sync Health</p>, document.getElementById('app')!);
