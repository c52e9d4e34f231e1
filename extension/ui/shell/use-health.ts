/**
 * @module The panel's view of the proxy: connection state and health summary. Paints from the idb cache
 * first, then asks the proxy, then follows the background's live `healthChanged` messages. When the
 * proxy cannot be reached the cached summary stays on screen, marked stale.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { type ConnectionState, createProxyClient } from '../../api/proxy-client';
import { afterFirstPaint } from '../../cache/first-paint';
import { readCached, writeCached } from '../../cache/health-db';
import { readSummarySnapshot, writeSummarySnapshot } from '../../cache/summary-snapshot';
import { onMessage } from '../../messaging/protocol';
import { proxySettings } from '../../settings/proxy-settings';

export interface Health {
  connection: ConnectionState | null;
  summary: HealthSummaryResponse | null;
  fetchedAt: number | null;
  /** The summary on screen is from the cache and the proxy did not answer. */
  stale: boolean;
  /** The proxy answered the connection check but not the summary (e.g. its sync is still starting). */
  summaryError: string | null;
  refresh(): void;
}

type CachedSummary = { value: HealthSummaryResponse; fetchedAt: number } | null;
let cachedSummary: Promise<CachedSummary> | null = null;
/** The cached summary once read, so the first render can start from it instead of a skeleton. */
let cachedSummaryRead: CachedSummary = null;

/**
 * Reads the cached summary (main.tsx, before the first render); resolves when read. The synchronous
 * snapshot answers at once; without one (the first panel after an update) IndexedDB does. A broken or
 * missing cache resolves null: it only costs the early paint.
 */
export function preloadCachedSummary(): Promise<CachedSummary> {
  const snapshot = cachedSummary ? null : readSummarySnapshot<HealthSummaryResponse>();
  if (snapshot) {
    cachedSummaryRead = snapshot;
    cachedSummary = Promise.resolve(snapshot);
  }
  cachedSummary ??= readCached<HealthSummaryResponse>('answers', 'summary')
    .catch(() => null)
    .then((hit) => {
      cachedSummaryRead = hit && { value: hit.value, fetchedAt: hit.fetchedAt };
      return cachedSummaryRead;
    });
  return cachedSummary;
}

/** A cached summary is already in memory (the snapshot was read): the first render need not wait. */
export const hasCachedSummary = (): boolean => cachedSummaryRead !== null;

/** Caches a summary the proxy gave: in IndexedDB, and as the next panel's first-frame snapshot. */
function keepSummary(value: HealthSummaryResponse, fetchedAt: number): void {
  writeSummarySnapshot(value, fetchedAt);
  void writeCached('answers', 'summary', value, fetchedAt).catch(() => undefined);
}

export function useHealth(): Health {
  const [connection, setConnection] = useState<ConnectionState | null>(null);
  const [summary, setSummary] = useState<CachedSummary>(() => cachedSummaryRead);
  const [summaryError, setSummaryError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    preloadCachedSummary().then((cached) => {
      if (cached) setSummary((now) => now ?? cached);
    });
    const offLive = onMessage('healthChanged', ({ data }) => {
      const fetchedAt = Date.now();
      setSummary({ value: data.summary, fetchedAt });
      setConnection((c) => (c?.kind === 'connected' ? c : { kind: 'connected', version: '' }));
      keepSummary(data.summary, fetchedAt);
    });
    const offSettings = proxySettings.watch(refresh);
    return () => {
      offLive();
      offSettings();
    };
  }, [refresh]);

  useEffect(() => {
    let current = true;
    let connected = false;
    (async () => {
      await afterFirstPaint();
      if (!current) return;
      const client = createProxyClient(await proxySettings.getValue());
      const state = await client.connection();
      if (!current) return;
      setConnection(state);
      if (state.kind !== 'connected') return;
      connected = true;
      const value = await client.call('GET /health/summary');
      const fetchedAt = Date.now();
      if (!current) return;
      setSummary({ value, fetchedAt });
      setSummaryError(null);
      keepSummary(value, fetchedAt);
    })().catch((err: Error) => {
      if (!current) return;
      // A proxy that answered but could not give the summary is still there: say what it said instead.
      if (connected) setSummaryError(err.message);
      else setConnection({ kind: 'unreachable', message: err.message });
    });
    return () => {
      current = false;
    };
  }, [tick]);

  return {
    connection,
    summary: summary?.value ?? null,
    fetchedAt: summary?.fetchedAt ?? null,
    stale: connection !== null && connection.kind !== 'connected' && summary !== null,
    summaryError,
    refresh,
  };
}
