import { useEffect, useState } from 'preact/hooks';
import { type ConnectionState, createProxyClient } from '../api/proxy-client';
import { proxySettings } from '../settings/proxy-settings';
import { OverviewCards } from './OverviewCards';

/** Shows whether the proxy is reachable and paired. */
export function ConnectionPanel() {
  const [state, setState] = useState<ConnectionState | null>(null);
  useEffect(() => {
    let cancelled = false;
    const check = async () => {
      const settings = await proxySettings.getValue();
      const next = await createProxyClient(settings).connection();
      if (!cancelled) setState(next);
    };
    check();
    const unwatch = proxySettings.watch(check);
    return () => {
      cancelled = true;
      unwatch();
    };
  }, []);
  if (!state) return <p aria-busy="true">Checking the proxy…</p>;
  return (
    <>
      <p data-testid="connection" data-state={state.kind} role="status">
        {state.kind === 'connected' ? `Connected to the proxy (v${state.version})` : state.message}
      </p>
      {state.kind === 'connected' && <OverviewCards />}
    </>
  );
}
