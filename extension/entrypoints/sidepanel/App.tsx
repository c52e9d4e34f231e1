import { useState } from 'preact/hooks';
import type { Category } from '../../../shared/taxonomy';
import { ConnectionPanel } from '../../ui/ConnectionPanel';
import { CategoryView } from '../../ui/category/CategoryView';

type View = { name: 'overview' } | { name: 'category'; category: Category };

export function App() {
  const [view, setView] = useState<View>({ name: 'overview' });
  return (
    <main>
      <h1>Sync Health</h1>
      {view.name === 'category' ? (
        <CategoryView category={view.category} onBack={() => setView({ name: 'overview' })} />
      ) : (
        <ConnectionPanel />
      )}
    </main>
  );
}
