import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Category } from '../../../shared/taxonomy';
import { useProxyClient } from '../../api/use-proxy-client';
import { firstPaintDone } from '../../cache/first-paint';
import { pendingView } from '../../live/live-notifications';
import { onMessage } from '../../messaging/protocol';
import { useActiveRecord } from '../../records/use-active-record';
import { Overview } from '../overview/Overview';
import { type MappingTarget, onOpenMapping } from '../settings/mapping-link';
import { CategoryView, ProxyForm, preloadViews, RecordView, SettingsView } from './lazy-views';
import { OutageBanner } from './OutageBanner';
import { OfflineReasonProvider, offlineReason } from './proxy-offline';
import { StatusLine } from './StatusLine';
import { useHealth } from './use-health';

type View =
  | { name: 'overview' }
  | { name: 'category'; category: Category; group?: string }
  | { name: 'record' }
  | { name: 'settings'; mapping?: MappingTarget };

const TABS = [
  ['overview', 'Overview'],
  ['record', 'This record'],
  ['settings', 'Settings'],
] as const;

/** The side panel: status, a tab bar, and the view; follows the active tab's record. */
export function PanelShell() {
  const health = useHealth();
  const client = useProxyClient();
  const record = useActiveRecord();
  const [view, setView] = useState<View>({ name: 'overview' });

  // A record page in the active tab brings its view forward (unless the user is in a table or settings).
  useEffect(() => {
    if (record) setView((v) => (v.name === 'overview' ? { name: 'record' } : v));
  }, [record?.system, record?.objectType, record?.id]);

  // A clicked notification asks for a category: now (panel open) or when the panel opens.
  useEffect(() => {
    pendingView.getValue().then((p) => {
      if (p) {
        setView({ name: 'category', category: p.category });
        void pendingView.setValue(null);
      }
    });
    return onMessage('openView', ({ data }) => {
      if (data.view === 'category' && data.category)
        setView({ name: 'category', category: data.category as Category });
      else if (data.view !== 'category') setView({ name: data.view } as View);
      void pendingView.setValue(null);
    });
  }, []);

  // A "Property mappings" error's steps open the editor on the row that fixes it.
  useEffect(() => onOpenMapping((mapping) => setView({ name: 'settings', mapping })), []);

  // Measured by the e2e run: how soon the first numbers are on screen (from the cache when there is one).
  const painted = health.summary !== null;
  useEffect(() => (painted ? markFirstSummaryPaint() : undefined), [painted]);
  // The other views' code comes once the first screen is up (their chunks were kept out of its way).
  useEffect(preloadViews, []);

  const active = view.name === 'category' ? 'overview' : view.name;
  const liveClient = useMemo(
    () => (health.connection?.kind === 'connected' ? client : null),
    [health.connection, client],
  );

  return (
    <div class="panel">
      <header class="panel-header">
        {/* The identity shares the title's line, so its arrival after the first paint moves nothing. */}
        <div class="panel-title">
          <h1>Sync Health</h1>
          {health.connection?.kind === 'connected' && health.connection.identity && (
            <p class="muted identity" data-testid="identity" title="Whose data the panel shows">
              {health.connection.identity.label}
            </p>
          )}
        </div>
        <nav aria-label="Views">
          {TABS.map(([name, label]) => (
            <button
              key={name}
              type="button"
              class="tab"
              aria-current={active === name ? 'page' : undefined}
              onClick={() => setView({ name } as View)}
              data-testid={`tab-${name}`}
            >
              {label}
              {name === 'record' && record ? (
                <>
                  <span class="dot" />
                  <span class="sr-only">(a record is open)</span>
                </>
              ) : null}
            </button>
          ))}
        </nav>
      </header>
      <StatusLine health={health} />
      <OutageBanner state={health.summary?.state} />
      <OfflineReasonProvider value={offlineReason(health.connection)}>
        <main data-stale={health.stale || undefined}>
          {view.name === 'settings' ? (
            <SettingsView client={liveClient ?? client} mapping={view.mapping} />
          ) : view.name === 'record' ? (
            <RecordView record={record} />
          ) : view.name === 'category' ? (
            <CategoryView
              category={view.category}
              group={view.group}
              onBack={() => {
                setView({ name: 'overview' });
                health.refresh();
              }}
            />
          ) : health.summary ? (
            <Overview
              summary={health.summary}
              client={liveClient}
              onOpen={(category, group) => setView({ name: 'category', category, group })}
              onChanged={health.refresh}
            />
          ) : health.connection?.kind === 'not-paired' ? (
            // First run: the token goes in right here, not behind a tab.
            <section aria-label="Pair with the proxy" class="card first-run" data-testid="first-run">
              <ProxyForm />
            </section>
          ) : health.summaryError || health.connection?.kind === 'unreachable' ? null : (
            <div class="skeleton" role="status" aria-busy="true" aria-label="Loading sync health" />
          )}
        </main>
      </OfflineReasonProvider>
    </div>
  );
}

/** What the browser's Element Timing reports: when the element's text was first painted. */
type ElementTiming = PerformanceEntry & { identifier: string; renderTime: number };

/**
 * Sets the `first-summary-paint` mark at the moment the browser painted the overview's first numbers (the
 * element marked `elementtiming="first-summary"`), as Element Timing reports it: the paint itself, not
 * when a script got round to noticing it (an effect runs a frame later, after the other views' effects).
 * Where Element Timing is missing (Firefox) the next animation frame stands in for it.
 */
function markFirstSummaryPaint(): (() => void) | undefined {
  if (performance.getEntriesByName('first-summary-paint').length) return;
  if (!PerformanceObserver.supportedEntryTypes?.includes('element')) {
    requestAnimationFrame(() => {
      performance.mark('first-summary-paint');
      firstPaintDone();
    });
    return;
  }
  const observer = new PerformanceObserver((list) => {
    const entry = (list.getEntries() as ElementTiming[]).find((e) => e.identifier === 'first-summary');
    if (!entry || performance.getEntriesByName('first-summary-paint').length) return;
    performance.mark('first-summary-paint', { startTime: entry.renderTime || entry.startTime });
    firstPaintDone();
    observer.disconnect();
  });
  observer.observe({ type: 'element', buffered: true });
  return () => observer.disconnect();
}
