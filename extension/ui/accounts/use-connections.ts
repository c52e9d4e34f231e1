/** @module The connection facts from GET /connections, and the actions that change them. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ConnectedSystem, ConnectionsStatus } from '../../../shared/api/connections';
import type { ProxyClient } from '../../api/proxy-client';
import { readCached, writeCached } from '../../cache/health-db';

export interface ConnectionsState {
  status: ConnectionsStatus | null;
  /** When the proxy gave the facts on screen, if they are the cached ones. */
  cachedAt: number | null;
  /** The cache and the proxy have both answered (or failed): nothing more is coming. */
  settled: boolean;
  note: { text: string; error: boolean } | null;
  busy: boolean;
  /** Asks the proxy for Salesforce's sign-in URL; the caller opens it in a tab. */
  authorize(loginUrl: string, clientId: string): Promise<string | null>;
  pasteHubspotToken(token: string): Promise<boolean>;
  disconnect(system: ConnectedSystem): Promise<void>;
  refresh(): Promise<void>;
}

const CACHE_KEY = 'connections';

/**
 * The facts, cache first: the last ones the proxy gave paint at once and stay (read-only, `cachedAt` set)
 * while it is away; pass a null client then.
 */
export function useConnections(client: ProxyClient | null): ConnectionsState {
  const [status, setStatus] = useState<ConnectionsStatus | null>(null);
  const [cachedAt, setCachedAt] = useState<number | null>(null);
  const [settled, setSettled] = useState(false);
  const [note, setNote] = useState<ConnectionsState['note']>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(async () => {
    if (!client) return;
    try {
      const fresh = await client.call('GET /connections');
      setStatus(fresh);
      setCachedAt(null);
      void writeCached('answers', CACHE_KEY, fresh).catch(() => undefined);
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    }
  }, [client]);
  useEffect(() => {
    let current = true;
    const cached = readCached<ConnectionsStatus>('answers', CACHE_KEY).then(
      (hit) => {
        if (current && hit)
          setStatus((now) => {
            if (now) return now;
            setCachedAt(hit.fetchedAt);
            return hit.value;
          });
      },
      () => undefined,
    );
    Promise.all([cached, refresh()]).finally(() => current && setSettled(true));
    return () => {
      current = false;
    };
  }, [refresh]);

  /** Runs one action; the proxy's message (never holding a token) is shown as is. */
  const act = async <T>(fn: () => Promise<T>, done: string): Promise<T | null> => {
    if (!client) return null;
    setBusy(true);
    try {
      const result = await fn();
      setNote({ text: done, error: false });
      await refresh();
      return result;
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
      return null;
    } finally {
      setBusy(false);
    }
  };

  return {
    status,
    cachedAt,
    settled,
    note,
    busy,
    refresh,
    authorize: async (loginUrl, clientId) =>
      (
        await act(
          () =>
            client!.call('POST /connections/salesforce/authorize', {
              body: { loginUrl, ...(clientId.trim() ? { clientId: clientId.trim() } : {}) },
            }),
          'Sign in to Salesforce in the new tab, then come back here.',
        )
      )?.authorizeUrl ?? null,
    pasteHubspotToken: async (token) =>
      (await act(
        () => client!.call('POST /connections/hubspot', { body: { token } }),
        'HubSpot connected.',
      )) !== null,
    disconnect: async (system) => {
      await act(
        () => client!.call('DELETE /connections/:system', { params: { system } }),
        `${system === 'salesforce' ? 'Salesforce' : 'HubSpot'} disconnected: its tokens are deleted.`,
      );
    },
  };
}
