/**
 * @module Shared setup for the connect tests: an embedded org + portal standing in for the user's real
 * ones (served by one proxy), and helpers that act like the user's browser and the side panel.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';

export type OrgHost = Awaited<ReturnType<typeof startSandboxProxy>>;

/** The "real" org and portal: a sandbox proxy whose own sync is not started. */
export async function startOrgHost() {
  const dir = mkdtempSync(join(tmpdir(), 'sh-org-'));
  const host = await startSandboxProxy({ port: 0, dataDir: dir, autoStart: false });
  const session = host.sandboxes.salesforce.issueSession();
  return {
    host,
    loginUrl: `${host.proxy.url}/sandbox/salesforce`,
    hubspotUrl: `${host.proxy.url}/sandbox/hubspot`,
    clientId: session.clientId,
    hubspotToken: host.sandboxes.hubspot.accessToken,
    async close() {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls a proxy's /api/v1 with its pairing token; answers the status and the raw text too. */
export function apiOf(proxy: { url: string; token: string }) {
  return async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${proxy.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text || 'null') };
  };
}

/**
 * What the user's browser does: open the authorize page, submit its sign-in form as shown, follow
 * Salesforce's redirect to the proxy's callback. Answers the callback page.
 */
export async function signInLikeAUser(authorizeUrl: string) {
  const page = await (await fetch(authorizeUrl)).text();
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    form.set(
      m[1],
      m[2]
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    );
  }
  const action = new URL('authorize', authorizeUrl);
  const posted = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  if (posted.status !== 302)
    throw new Error(`authorize form answered ${posted.status}: ${await posted.text()}`);
  const callback = posted.headers.get('location') as string;
  const res = await fetch(callback);
  return { callback, status: res.status, html: await res.text() };
}

export function readCredentials(dataDir: string, system: 'salesforce' | 'hubspot') {
  const file = join(dataDir, 'connections', `${system}.json`);
  return { mode: statSync(file).mode & 0o777, value: JSON.parse(readFileSync(file, 'utf8')) };
}

/** Every console line printed while `fn` runs (to check no token reaches a log). */
export function captureConsole() {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
  }
  return {
    lines,
    restore() {
      methods.forEach((m, i) => {
        console[m] = originals[i];
      });
    },
  };
}
