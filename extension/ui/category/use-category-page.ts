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
  // The cursors of the pages before the current one, and the current one's ('' = first page).
  const [cursors, setCursors] = useState<string[]>(['']);
  const [page, setPage] = useState<ErrorsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const filterKey = `${filter.category}\u0000${filter.q}\u0000${filter.group ?? ''}`;

  // A new filter starts again at its first page, showing placeholders rather than the old rows.
  // Dependencies: filterKey stands for the filter's fields
  useEffect(() => {
    setCursors(['']);
    setPage(null);
  }, [filterKey]);

  const cursor = cursors[cursors.length - 1];
  // Dependencies: filterKey stands for the filter's fields; reloads forces a refetch
  useEffect(() => {
    if (!api) return;
    let current = true;
    api
      .page({ category: filter.category, q: filter.q, group: filter.group, cursor: cursor || undefined })
      .then((next) => {
        if (!current) return;
        setPage(next);
        setError(null);
      })
      .catch((err: Error) => current && setError(err.message));
    return () => {
      current = false;
    };
  }, [api, filterKey, cursor, reloads]);

  const nextCursor = page?.nextCursor;
  return {
    page,
    error,
    number: cursors.length,
    next: nextCursor
      ? () => {
          setPage(null);
          setCursors((c) => [...c, nextCursor]);
        }
      : null,
    previous:
      cursors.length > 1
        ? () => {
            setPage(null);
            setCursors((c) => c.slice(0, -1));
          }
        : null,
    reload: () => setReloads((n) => n + 1),
  };
}
