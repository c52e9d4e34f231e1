/**
 * @module The side panel's views that are not on its first screen (a category's table, This record,
 * Settings, and the pairing form that only a first run shows), each in its own chunk: the Overview paints without parsing them, and they load in the
 * background right after that first paint so opening one is still immediate.
 */
import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type Loader<P> = () => Promise<ComponentType<P>>;

/** A component that renders `load()`'s component once its chunk is in, and a skeleton until then. */
function lazyView<P extends object>(label: string, load: Loader<P>) {
  let loading: Promise<ComponentType<P>> | null = null;
  let loaded: ComponentType<P> | null = null;
  const preload = () => {
    loading ??= load().then(
      (c) => {
        loaded = c;
        return c;
      },
      (err: unknown) => {
        loading = null; // the next open tries again
        throw err;
      },
    );
    return loading;
  };
  const View: FunctionComponent<P> = (props) => {
    const [component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState('');
    useEffect(() => {
      if (component) return;
      let current = true;
      preload().then(
        (c) => current && setComponent(() => c),
        (err: Error) => current && setFailed(err.message),
      );
      return () => {
        current = false;
      };
    }, []);
    const Component = component;
    if (Component) return <Component {...props} />;
    if (failed)
      return (
        <p role="alert" class="error">
          Could not load {label}: {failed}. Close and open the side panel again.
        </p>
      );
    return <div class="skeleton" role="status" aria-busy="true" aria-label={`Loading ${label}`} />;
  };
  return { View, preload };
}

const category = lazyView('the error table', () =>
  import('../category/CategoryView').then((m) => m.CategoryView),
);
const record = lazyView('this record', () => import('../record/RecordView').then((m) => m.RecordView));
const settings = lazyView('the settings', () =>
  import('../settings/SettingsView').then((m) => m.SettingsView),
);

// The pairing form (and its permission request and invite parsing) is shown only before the first pairing.
const proxyForm = lazyView('the pairing form', () =>
  import('../settings/ProxyForm').then((m) => m.ProxyForm),
);

export const CategoryView = category.View;
export const RecordView = record.View;
export const SettingsView = settings.View;
export const ProxyForm = proxyForm.View;

/** Loads every lazy view's chunk when the browser is idle (called once the first screen is painted). */
export function preloadViews(): void {
  const all = () => {
    for (const v of [category, record, settings, proxyForm])
      v.preload().catch(() => undefined /* retried on open */);
  };
  if ('requestIdleCallback' in globalThis) requestIdleCallback(all, { timeout: 2_000 });
  else setTimeout(all, 200);
}
