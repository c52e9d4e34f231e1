import { ConnectionPanel } from '../../ui/ConnectionPanel';

export function App() {
  return (
    <main>
      <h1>Sync Health</h1>
      <ConnectionPanel />
    </main>
  );
}
