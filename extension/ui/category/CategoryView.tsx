import './category.css';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { RootCauseGroupItem } from '../../../shared/api/errors';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { CATEGORY_INFO, type Category } from '../../../shared/taxonomy';
import { writeCached } from '../../cache/health-db';
import { loadCached } from '../../cache/load-cached';
import { useOfflineReason } from '../shell/proxy-offline';
import { CategoryActions } from './CategoryActions';
import { CategoryFilters, OBJECT_OPTIONS, type TableFilter } from './CategoryFilters';
import { countsText } from './category-counts';
import { toCategoryRow } from './category-row';
import { ErrorTable } from './ErrorTable';
import type { RowOutcome } from './ErrorTableRow';
import { togglePage } from './resync-limit';
import { useCategoryActions } from './use-category-actions';
import { useCategoryApi, useCategoryPage, useDebounced } from './use-category-page';

const SEARCH_DELAY_MS = 300;

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** "at 21:40" today, "on 1 Dec 2026, 21:40" before. */
const timeOf = (t: number) =>
  new Date(t).toDateString() === new Date().toDateString() ? `at ${clock.format(t)}` : `on ${day.format(t)}`;

/** One category's error table with its actions: resync, export, create view, search and paging. */
export function CategoryView(props: { category: Category; onBack: () => void; group?: string }) {
  const { category } = props;
  const info = CATEGORY_INFO[category];
  // "No open picklist errors": every label is its noun's plural with an s ("Custom code" has none).
  const label = info.label.toLowerCase().replace(/s$/, '');
  const connection = useCategoryApi();
  const offline = useOfflineReason();
  const [filter, setFilter] = useState<TableFilter>({ text: '', group: props.group, sort: 'last-attempt' });
  const changeFilter = (next: Partial<TableFilter>) => setFilter((f) => ({ ...f, ...next }));
  const q = useDebounced(filter.text.trim(), SEARCH_DELAY_MS);
  const { group, object, subType, sort } = filter;
  useEffect(() => changeFilter({ group: props.group }), [props.group]);
  // Another category has other error types: its filter starts from all of them.
  useEffect(() => changeFilter({ subType: undefined }), [category]);
  const page = useCategoryPage(connection?.api ?? null, { category, q, group, object, subType, sort });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, RowOutcome>>(new Map());
  const [counts, setCounts] = useState<{ openErrors: number; affectedRecords: number } | null>(null);
  const [countsAt, setCountsAt] = useState(0);

  const [groups, setGroups] = useState<RootCauseGroupItem[] | null>(null);

  // Counts and causes are refreshed after every resync (countsAt), the table by its own reload.
  useEffect(() => {
    if (!connection) return;
    let current = true;
    const show = (summary: HealthSummaryResponse) =>
      current && setCounts(summary.categories.find((c) => c.category === category) ?? null);
    // On opening, the counts the overview cached paint at once; after a resync only the proxy's are news.
    if (countsAt === 0)
      loadCached('answers', 'summary', connection.api.summary, (a) => show(a.value)).catch(() => undefined);
    else
      connection.api
        .summary()
        .then((summary) => {
          show(summary);
          void writeCached('answers', 'summary', summary).catch(() => undefined);
        })
        .catch(() => undefined /* the counts on screen stay */);
    connection.api
      .groups(category)
      .then((g) => current && setGroups(g))
      .catch(() => current && setGroups(null));
    return () => {
      current = false;
    };
  }, [connection, category, countsAt]);

  // Outcomes describe the rows on screen; a new page or filter shows fresh rows without them.
  // Dependencies: page.number and the filter's fields stand for "other rows"
  useEffect(() => setOutcomes(new Map()), [page.number, q, group, object, subType, sort, category]);

  const rows = useMemo(() => page.page?.items.map(toCategoryRow) ?? null, [page.page]);
  // The first page of a filter says how many errors it matches: the caption counts those, not the category.
  const filterKey = JSON.stringify([q, group, object, subType]);
  const [matched, setMatched] = useState<{ key: string; total: number } | null>(null);
  const total = page.page?.total;
  useEffect(() => {
    if (total !== undefined) setMatched({ key: filterKey, total });
  }, [total, filterKey]);
  const narrowed = Boolean(q || group || subType);
  const objectLabel = OBJECT_OPTIONS.find(([value]) => value === object)?.[1];
  // Measured by the e2e run: how soon the first rows are on screen after the view opened.
  const rowsShown = rows !== null;
  useEffect(() => {
    if (rowsShown) requestAnimationFrame(() => performance.mark('category-first-rows'));
  }, [rowsShown, category]);
  const actions = useCategoryActions({
    connection,
    category,
    q,
    group,
    object,
    subType,
    selected,
    onResynced(next, reloadPage) {
      setOutcomes((old) => new Map([...old, ...next]));
      // Resolved or gone errors cannot be resynced again; still-failing ones stay selected.
      setSelected((s) => new Set([...s].filter((id) => next.get(id)?.outcome === 'failing')));
      // After "Resync all" the later pages may be gone: start again at the first, which has what remains.
      if (reloadPage) page.restart();
      setCountsAt((n) => n + 1);
    },
  });

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const pageIds = rows?.filter((r) => outcomes.get(r.id)?.outcome !== 'resolved').map((r) => r.id) ?? [];
  const filtered = Boolean(q || group || object || subType);
  const empty = rows !== null && rows.length === 0 && page.number === 1;

  return (
    <section
      class="category"
      aria-labelledby="category-title"
      data-testid="category-view"
      data-category={category}
    >
      <header>
        <button type="button" class="back" onClick={props.onBack}>
          ← Overview
        </button>
        <h2 id="category-title">{info.label}</h2>
      </header>
      <p class="counts" data-testid="category-counts">
        {countsText(counts, filtered && matched?.key === filterKey ? { ...matched, object, narrowed } : null)}
      </p>
      <CategoryActions
        actions={actions}
        selectedCount={selected.size}
        hasErrors={!empty || filtered}
        openErrors={counts?.openErrors ?? null}
        label={label}
        filtered={filtered}
      />
      <CategoryFilters
        category={category}
        label={label}
        filter={filter}
        onChange={changeFilter}
        groups={groups}
      />
      {page.error && page.cachedAt !== null ? (
        // While the proxy is away the shell's banner says so (once); this line only dates the rows.
        <p role="status" class="stale" data-testid="page-stale">
          Errors as listed {timeOf(page.cachedAt)}; they may have changed since.
          {offline ? null : (
            <>
              {' '}
              <button type="button" class="secondary small" onClick={page.reload}>
                Try again
              </button>
            </>
          )}
        </p>
      ) : page.error && offline ? (
        <p role="status" class="muted" data-testid="page-error">
          These errors were not opened before, so there is no saved copy to show.
        </p>
      ) : page.error ? (
        <p role="alert" data-testid="page-error">
          Could not load the errors: {page.error}{' '}
          <button type="button" onClick={page.reload}>
            Try again
          </button>
        </p>
      ) : null}
      {empty && (!page.error || page.cachedAt !== null) ? (
        <p class="empty" role="status" data-testid="category-empty">
          {filtered
            ? `No open ${label} errors match this filter.`
            : `No open ${label} errors. Nothing to fix here.`}
        </p>
      ) : (
        <ErrorTable
          caption={`Open ${label} errors${objectLabel ? ` on ${objectLabel}` : ''}${q ? ` matching "${q}"` : ''}, page ${page.number}`}
          rows={page.error && !rows ? [] : rows}
          selected={selected}
          onToggle={toggle}
          onTogglePage={() => setSelected((s) => togglePage(s, pageIds))}
          outcomes={outcomes}
        />
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" onClick={page.previous ?? undefined} disabled={!page.previous}>
          ← Previous
        </button>
        <span>Page {page.number}</span>
        <button type="button" onClick={page.next ?? undefined} disabled={!page.next} data-testid="next-page">
          Next →
        </button>
      </nav>
      <p class="sr-only" aria-live="polite" data-testid="category-announce">
        {rows
          ? `${rows.length} ${rows.length === 1 ? 'error' : 'errors'} shown, page ${page.number}`
          : 'Loading errors…'}
      </p>
    </section>
  );
}
