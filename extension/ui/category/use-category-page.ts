/**
 * @module The category's current page: filter, cursor paging, loading and errors, reloads after actions.
 * A first page without a search is cached (idb, like the overview): it paints at once when the view
 * opens, and stays on screen, dated, when the proxy cannot be reached.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ErrorSort, ErrorsPage } from '../../../shared/api/errors';
import type { Category, SubType } from '../../../shared/taxonomy';
import { createProxyClient } from '../../api/proxy-client';
import { writeCached } from '../../cache/health-db';
import { type CachedAnswer, loadCached } from '../../cache/load-cached';
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
  object?: string;
  subType?: SubType;
  sort?: ErrorSort;
}

export interface CategoryPage {
  /** null while the first answer for this filter/page is on its way (the table shows placeholders). */
  page: ErrorsPage | null;
  /** When the proxy gave the page on screen, if it is the cached one (the proxy has not answered). */
  cachedAt: number | null;
  error: string | null;
  /** 1-based, for "Page 2". */
  number: number;
  next: (() => void) | null;
  previous: (() => void) | null;
  /** Fetches the same page again without blanking it (after a resync). */
  reload: () => void;
  /** Back to the first page, fetched again (after an action that may have emptied later pages). */
  restart: () => void;
}

/** The cache key of a page worth caching: the first one of a category (or of one cause), unsearched. */
export function pageCacheKey(filter: PageFilter, cursor: string): string | null {
  // Searches, narrower filters, other orders and deeper pages are many and quickly refetched.
  if (cursor || filter.q || filter.object || filter.subType) return null;
  if (filter.sort && filter.sort !== 'last-attempt') return null;
  return `${filter.category}?group=${filter.group ?? ''}`;
}

export function useCategoryPage(api: CategoryApi | null, filter: PageFilter): CategoryPage {
  const filterKey = [
    filter.category,
    filter.q,
    filter.group ?? '',
    filter.object ?? '',
    filter.subType ?? '',
    filter.sort ?? '',
  ].join('\u0000');
  // The cursors of the pages before the current one, and the current one's ('' = first page), for the
  // filter they were made for: another filter starts again at its first page in the same render.
  const [paging, setPaging] = useState({ filterKey, cursors: [''] });
  const cursors = paging.filterKey === filterKey ? paging.cursors : [''];
  const cursor = cursors[cursors.length - 1] ?? '';
  // Answers are kept with the filter and cursor they answer: a page whose filter or cursor changed shows
  // placeholders at once, never the previous filter's rows under the new filter's caption.
  const pageKey = `${filterKey}\u0000${cursor}`;
  const [loaded, setLoaded] = useState<{ key: string; page: ErrorsPage; cachedAt: number | null } | null>(
    null,
  );
  const shownKey = useRef<string | null>(null);
  shownKey.current = loaded?.key ?? null;
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);
  const [reloads, setReloads] = useState(0);

  // Dependencies: pageKey stands for the filter's fields and the cursor; reloads forces a refetch
  useEffect(() => {
    if (!api) return;
    let current = true;
    const fetchPage = () => api.page({ ...filter, cursor: cursor || undefined });
    const show = (answer: CachedAnswer<ErrorsPage>) => {
      if (!current) return;
      setLoaded({ key: pageKey, page: answer.value, cachedAt: answer.fromCache ? answer.fetchedAt : null });
      if (!answer.fromCache) setFailed(null);
    };
    const cacheKey = pageCacheKey(filter, cursor);
    // A reload (after a resync) must not flash the cached rows over the newer ones on screen.
    const load =
      cacheKey && shownKey.current !== pageKey
        ? loadCached('pages', cacheKey, fetchPage, show)
        : fetchPage().then((value) => {
            show({ value, fetchedAt: Date.now(), fromCache: false });
            if (cacheKey) void writeCached('pages', cacheKey, value).catch(() => undefined);
          });
    load.catch((err: Error) => current && setFailed({ key: pageKey, message: err.message }));
    return () => {
      current = false;
    };
  }, [api, pageKey, reloads]);

  const page = loaded?.key === pageKey ? loaded.page : null;
  // A later page that came back empty (its errors were resolved or resynced away) is no place to stay:
  // go back to the first page, which has the rows that remain.
  const emptyLater = page !== null && page.items.length === 0 && cursors.length > 1;
  useEffect(() => {
    if (emptyLater) setPaging({ filterKey, cursors: [''] });
  }, [emptyLater, filterKey]);
  const cachedAt = loaded?.key === pageKey ? loaded.cachedAt : null;
  const nextCursor = page?.nextCursor;
  return {
    page,
    cachedAt,
    error: failed?.key === pageKey ? failed.message : null,
    number: cursors.length,
    next: nextCursor ? () => setPaging({ filterKey, cursors: [...cursors, nextCursor] }) : null,
    previous: cursors.length > 1 ? () => setPaging({ filterKey, cursors: cursors.slice(0, -1) }) : null,
    reload: () => setReloads((n) => n + 1),
    restart: () => {
      setPaging({ filterKey, cursors: [''] });
      setReloads((n) => n + 1);
    },
  };
}
