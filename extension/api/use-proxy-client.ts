/** @module The proxy client for the paired proxy, rebuilt when the address or token changes. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { type ProxySettings, proxySettings } from '../settings/proxy-settings';
import { createProxyClient, type ProxyClient } from './proxy-client';

export function useProxyClient(): ProxyClient | null {
  const [settings, setSettings] = useState<ProxySettings | null>(null);
  useEffect(() => {
    proxySettings.getValue().then(setSettings);
    return proxySettings.watch((next) => setSettings(next));
  }, []);
  return useMemo(() => (settings?.token ? createProxyClient(settings) : null), [settings]);
}
