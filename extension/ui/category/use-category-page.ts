/** @module The category's current page: filter, cursor paging, loading and errors, reloads after actions. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ErrorsPage } from '../../../shared/api/errors';
import type { Category } from '../../../shared/taxonomy';
import { createProxyClient } from '../../api/proxy-client';
import { type ProxySettings, proxySettings } from '../../settings/proxy-settings';
import { type CategoryApi, createCategoryApi } from './category-api';

/** The proxy settings and the category API built on them; null until storage has answered. */
export function useCategoryApi(): { settings: ProxySettings; api: CategoryApi } | null {
  const [settings, setSettings] = useState<ProxySettings | null>(null);
  useEffect(() => {
    proxySettings.getValue().then(setSettings);
    return proxySettings.watch((next) => setSettings(next));
  }, []);
  return useMemo(
    () => (settings ? { settings, api: createCategoryApi(createProxyClient(settings)) } : null),
    [settings],
  );
}

/** `value` once it has been still for `delayMs`; clearing passes at once so an emptied search is instant. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (value === '' || delayMs <= 0) return setSettled(value);
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export interface PageFilter {
  category: Category;
  q: string;
  group?: string;
}

export interface CategoryPage {
  /** null while the first answer for this filter/page is on its way (the table shows placeholders). */
  page: ErrorsPage | null;
  error: string | null;
  /** 1-based, for "Page 2". */
  number: number;
  next: (() => void) | null;
  previous: (() => void) | null;
  /** Fetches the same page again without blanking it (after a resync). */
  reload: () => void;
}

export function useCategoryPage(api: CategoryApi | null, filter: PageFilter): CategoryPage {
  const filterKey = `${filter.category}\u0000${filter.q}\u0000${filter.group ?? ''}`;
  // The cursors of the pages before the current one, and the current one's ('' = first page), for the
  // filter they were made for: another filter starts again at its first page in the same render.
  const [paging, setPaging] = useState({ filterKey, cursors: [''] });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [''];
  const cursor = cursors[cursors.length - 1] ?? '';
  // Answers are kept with the filter and cursor they answer: a page whose filter or cursor changed shows
  // placeholders at once, never the previous filter's rows under the new filter's caption.
  const pageKey = `${filterKey}\u0000${cursor}`;
  const [loaded, setLoaded] = useState<{ key: string; page: ErrorsPage } | null>(null);
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);
  const [reloads, setReloads] = useState(0);

  // Dependencies: pageKey stands for the filter's fields and the cursor; reloads forces a refetch
  useEffect(() => {
    if (!api) return;
    let current = true;
    api
      .page({ category: filter.category, q: filter.q, group: filter.group, cursor: cursor || undefined })
      .then((next) => {
        if (!current) return;
        setLoaded({ key: pageKey, page: next });
        setFailed(null);
      })
      .catch((err: Error) => current && setFailed({ key: pageKey, message: err.message }));
    return () => {
      current = false;
    };
  }, [api, pageKey, reloads]);

  const page = loaded?.key === pageKey ? loaded.page : null;
  const nextCursor = page?.nextCursor;
  return {
    page,
    error: failed?.key === pageKey ? failed.message : null,
    number: cursors.length,
    next: nextCursor ? () => setPaging({ filterKey, cursors: [...cursors, nextCursor] }) : null,
    previous: cursors.length > 1 ? () => setPaging({ filterKey, cursors: cursors.slice(0, -1) }) : null,
    reload: () => setReloads((n) => n + 1),
  };
}
