/** @module The connection facts from GET /connections, and the actions that change them. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ConnectedSystem, ConnectionsStatus } from '../../../shared/api/connections';
import type { ProxyClient } from '../../api/proxy-client';

export interface ConnectionsState {
  status: ConnectionsStatus | null;
  note: { text: string; error: boolean } | null;
  busy: boolean;
  /** Asks the proxy for Salesforce's sign-in URL; the caller opens it in a tab. */
  authorize(loginUrl: string, clientId: string): Promise<string | null>;
  pasteHubspotToken(token: string): Promise<boolean>;
  disconnect(system: ConnectedSystem): Promise<void>;
  refresh(): Promise<void>;
}

export function useConnections(client: ProxyClient | null): ConnectionsState {
  const [status, setStatus] = useState<ConnectionsStatus | null>(null);
  const [note, setNote] = useState<ConnectionsState['note']>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(async () => {
    if (!client) return;
    try {
      setStatus(await client.call('GET /connections'));
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    }
  }, [client]);
  useEffect(() => {
    refresh();
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
