/**
 * @module Why the panel's actions cannot run right now. While the proxy cannot be reached (or is not
 * paired) the panel still shows what it cached, but an action that needs the proxy — change the
 * allocation, sync now, resync, clear a suspension, export — would only fail on click: it is disabled
 * instead. The reason and how to fix it are said once, by the shell's status banner (StatusLine); every
 * disabled action points at that one paragraph with `aria-describedby`, so a screen reader reads the
 * reason with the button while the screen shows it a single time.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConnectionState } from '../../api/proxy-client';

/** The id of the shell's paragraph that says why actions are off and what to do. */
export const OFFLINE_REASON_ID = 'proxy-offline-reason';

export const UNREACHABLE_REASON = 'The proxy is not reachable.';
export const NOT_PAIRED_REASON = 'The panel is not paired with the proxy yet.';

/** Why a viewer of a shared server has the actions off: they may look, an admin may change. */
export function viewerReason(): string {
  return 'As a viewer of this server you see the health, but only an admin can resync records or change the budget, mappings or settings. Ask an admin of the server for the admin role.';
}

/**
 * The reason actions are off for this connection state; null while they can run or the state is still
 * being checked. A viewer of a shared server is connected but may not change anything.
 */
export function offlineReason(connection: ConnectionState | null): string | null {
  if (connection?.kind === 'unreachable') return UNREACHABLE_REASON;
  if (connection?.kind === 'not-paired') return NOT_PAIRED_REASON;
  if (connection?.kind === 'connected' && connection.user?.role === 'viewer') {
    return viewerReason();
  }
  return null;
}

const OfflineReason = createContext<string | null>(null);

/** Wraps the panel's views (PanelShell) with the current reason. */
export const OfflineReasonProvider = OfflineReason.Provider;

/** Why proxy actions are disabled now, or null when they can run. */
export function useOfflineReason(): string | null {
  return useContext(OfflineReason);
}

/**
 * `aria-describedby` for an action that needs the proxy: the shell's reason while it is away, else
 * `otherwise` (the action's own note, if any).
 */
export function useOfflineDescribedBy(otherwise?: string): string | undefined {
  return useOfflineReason() ? OFFLINE_REASON_ID : otherwise;
}

/**
 * The client a form reads its saved values with. A viewer may read (GETs are open to them) though they may
 * not change anything, so only an unreachable or unpaired proxy leaves the form to its cached values.
 */
export function useReadClient<T>(client: T | null): T | null {
  const reason = useOfflineReason();
  return reason === UNREACHABLE_REASON || reason === NOT_PAIRED_REASON ? null : client;
}
