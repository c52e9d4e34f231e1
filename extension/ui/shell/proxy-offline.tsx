/**
 * @module Why the panel's actions cannot run right now. While the proxy cannot be reached (or is not
 * paired) the panel still shows what it cached, but an action that needs the proxy — change the
 * allocation, sync now, resync, clear a suspension, export — would only fail on click: it is disabled
 * instead, with this reason next to it. The shell provides the reason; every action reads it.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConnectionState } from '../../api/proxy-client';

export const UNREACHABLE_REASON = 'The proxy is not reachable — start it with npm start';
export const NOT_PAIRED_REASON = 'Not paired with the proxy yet — paste its token in Settings';

/** The reason actions are off for this connection state; null while connected or still checking. */
export function offlineReason(connection: ConnectionState | null): string | null {
  if (connection?.kind === 'unreachable') return UNREACHABLE_REASON;
  if (connection?.kind === 'not-paired') return NOT_PAIRED_REASON;
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
 * The reason, shown under a disabled action; give the action `aria-describedby={id}` so a screen
 * reader says it with the button. Renders nothing while actions can run.
 */
export function OfflineNote(props: { id: string }) {
  const reason = useOfflineReason();
  if (!reason) return null;
  return (
    <p id={props.id} class="note offline-note" data-offline-reason>
      {reason}
    </p>
  );
}
