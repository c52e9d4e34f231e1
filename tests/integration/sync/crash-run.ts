/** @module The kill -9 tests' tools: the engine in a child process over a store file, and polls of that file. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createHubspotConnector } from '../../../proxy/crm/hubspot/index';
import type { CrmObjectType, CrmRecord } from '../../../proxy/crm/types';
import { openStore, testDatabase } from '../../../proxy/store/index';
import { connectionFacts, type Harness } from './sync-harness';

const CHILD = join(import.meta.dirname, 'crash-child.ts');

export function spawnEngine(
  h: Harness,
  storeFile: string,
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  ready: Promise<void>;
  exit: Promise<number | null>;
  /** The signal that ended the child (SIGKILL when a crash hook fired), or null. */
  signal: Promise<NodeJS.Signals | null>;
  /** What the child wrote so far: stdout (its `state <json>` lines) and stderr (the engine's log). */
  output: { stdout: string; stderr: string };
} {
  const facts = connectionFacts(h.sf, h.hs, h.instanceUrl, h.hubspotUrl);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env, SYNC_FACTS: JSON.stringify(facts), SYNC_STORE: storeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stderr?.on('data', (d) => {
    output.stderr += d;
  });
  child.stdout?.on('data', (d) => {
    output.stdout += d;
  });
  const ready = new Promise<void>((resolve) =>
    child.stdout?.on('data', (d) => String(d).includes('ready') && resolve()),
  );
  let signalled: (s: NodeJS.Signals | null) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals | null>((resolve) => {
    signalled = resolve;
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, sig) => {
      if (code && code !== 0) process.stderr.write(output.stderr);
      signalled(sig);
      resolve(code);
    }),
  );
  return { child, ready, exit, signal, output };
}

export async function linkedCount(storeFile: string): Promise<number> {
  const store = openStore(storeFile);
  try {
    return (
      testDatabase(store).prepare(`SELECT COUNT(*) AS n FROM links WHERE sf_id IS NOT NULL`).get() as {
        n: number;
      }
    ).n;
  } finally {
    await store.close();
  }
}

/** Every record of one CRM type with the properties asked, read from the portal through the connector. */
export async function crmRecords(
  h: Harness,
  type: CrmObjectType,
  properties: string[],
): Promise<CrmRecord[]> {
  const crm = createHubspotConnector({
    accessToken: h.hs.accessToken,
    baseUrl: h.hubspotUrl,
    uiBaseUrl: h.hubspotUrl,
    sleep: async () => {},
  });
  const out: CrmRecord[] = [];
  for (let since = null as Parameters<typeof crm.changedSince>[1]; ; ) {
    const page = await crm.changedSince(type, since, properties, 100);
    out.push(...page.records);
    if (!page.next || page.records.length < 100) return out;
    since = page.next;
  }
}

/** Polls the store file until `cond` holds or the child exits by itself. */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  exited: Promise<unknown>,
): Promise<void> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (!done && !(await cond())) await new Promise((r) => setTimeout(r, 5));
}
