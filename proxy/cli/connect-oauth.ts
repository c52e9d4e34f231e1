/**
 * @module The command line's OAuth sign-in: the callback needs the proxy's port (the URL registered in
 * the connected app), so either a short-lived server takes it, or the proxy already running there is
 * asked to run the flow and is watched until the connection appears.
 */
import type { SalesforceConnection } from '../../shared/api/connections';
import { loadOrCreatePairingToken } from '../config/pairing-token';
import { ConnectError } from '../connect/connection-manager';
import { createConnectionWiring } from '../runtime/connection-wiring';
import { HOSTNAME, PortInUseError, startProxy } from '../server';
import { parsePort } from './args';
import { openInBrowser } from './read-secret-input';
import { DEFAULT_PORT } from './start';

const WAIT_MS = 15 * 60_000;

type Values = Record<string, string | boolean | undefined> & { dataDir: string };

/** `--allow-host a.example,b.example` → ['a.example', 'b.example']. */
export function allowedHosts(values: Record<string, unknown>): string[] {
  const raw = values['allow-host'];
  return typeof raw === 'string'
    ? raw
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean)
    : [];
}

export async function connectSalesforceOAuth(values: Values): Promise<SalesforceConnection> {
  const port = parsePort(values.port as string | undefined, DEFAULT_PORT);
  const body = {
    loginUrl: values['login-url'] as string | undefined,
    clientId: values['client-id'] as string | undefined,
  };
  const announce = async (url: string) => {
    console.log(`Sign in to Salesforce and allow access:\n  ${url}`);
    if (!values['no-open']) await openInBrowser(url);
  };
  const wiring = createConnectionWiring({
    dataDir: values.dataDir,
    mode: 'sandbox',
    sync: () => null,
    allowHosts: allowedHosts(values),
  });
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  try {
    proxy = await startProxy({
      port,
      dataDir: values.dataDir,
      extend: (ctx) => ({ publicRoutes: wiring.appDeps(ctx.port).publicRoutes }),
    });
  } catch (err) {
    if (!(err instanceof PortInUseError)) throw err;
    return viaRunningProxy(port, values.dataDir, body, announce);
  }
  try {
    const { authorizeUrl, done } = wiring.manager.startOAuth(body);
    console.log(`Waiting for Salesforce's callback on http://${HOSTNAME}:${proxy.port}… (Ctrl-C to give up)`);
    await announce(authorizeUrl);
    return await withTimeout(done);
  } finally {
    await proxy.close();
  }
}

async function viaRunningProxy(
  port: number,
  dataDir: string,
  body: { loginUrl?: string; clientId?: string },
  announce: (url: string) => Promise<void>,
): Promise<SalesforceConnection> {
  const base = `http://${HOSTNAME}:${port}/api/v1`;
  const headers = {
    authorization: `Bearer ${loadOrCreatePairingToken(dataDir).token}`,
    'content-type': 'application/json',
  };
  const ask = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${base}${path}`, { ...init, headers });
    const json = (await res.json().catch(() => ({}))) as T & { error?: { message: string } };
    if (!res.ok) {
      throw new ConnectError(
        `The proxy on port ${port} answered ${res.status}: ${json.error?.message ?? 'no message'}`,
      );
    }
    return json;
  };
  const before = (await ask<{ salesforce: SalesforceConnection }>('/connections')).salesforce.connectedAt;
  const { authorizeUrl } = await ask<{ authorizeUrl: string }>('/connections/salesforce/authorize', {
    method: 'POST',
    body: JSON.stringify(body),
  });
  console.log(`The proxy running on port ${port} receives the callback.`);
  await announce(authorizeUrl);
  return withTimeout(
    (async () => {
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const sf = (await ask<{ salesforce: SalesforceConnection }>('/connections')).salesforce;
        if (sf.connected && sf.connectedAt !== before) return sf;
      }
    })(),
  );
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConnectError('No sign-in within 15 minutes; run the command again.')),
      WAIT_MS,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
