/**
 * @module `sync-health doctor [--fix]`: the setup check in a terminal. Asks the proxy running on the
 * port when there is one (what the panel shows), else checks in-process on the connected accounts (or
 * the sandbox). Exit 0 when ready, 1 with a numbered list of problems, each with its fix.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SetupApplyResponse, SetupResponse } from '../../shared/api/setup';
import type { StatusResponse } from '../../shared/api/status';
import { readSecretFile } from '../config/secret-file';
import { readConnectedAccounts, startConnectedProxy } from '../runtime/connected-runtime';
import { startSandboxProxy } from '../runtime/sandbox-runtime';
import { HOSTNAME } from '../server';
import type { SetupService } from '../setup/setup-service';
import { parsePort } from './args';
import type { Command } from './commands';
import { DEFAULT_PORT } from './start';

interface Target {
  label: string;
  check(): Promise<SetupResponse>;
  apply(): Promise<SetupApplyResponse>;
  close(): Promise<void>;
}

/** The proxy already running on the port, if it answers with this data folder's pairing token. */
async function runningProxy(port: number, dataDir: string): Promise<Target | null> {
  const tokenFile = join(dataDir, 'pairing-token');
  if (!existsSync(tokenFile)) return null;
  const token = readSecretFile(tokenFile)?.trim() ?? '';
  const base = `http://${HOSTNAME}:${port}/api/v1`;
  let status: StatusResponse;
  try {
    // identity (the label) is answered to token holders only.
    status = (await (
      await fetch(`${base}/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as StatusResponse;
  } catch {
    return null;
  }
  const call = async <T>(path: string, method = 'GET'): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    const body = (await res.json()) as T & { error?: { message: string } };
    if (!res.ok)
      throw new Error(`The proxy on port ${port} answered ${res.status}: ${body.error?.message ?? ''}`);
    return body;
  };
  return {
    label: `${status.identity?.label ?? 'no sync running'} (the proxy on port ${port})`,
    check: () => call<SetupResponse>('/setup'),
    apply: () => call<SetupApplyResponse>('/setup/apply', 'POST'),
    close: async () => undefined,
  };
}

/** No proxy running: the same check in this process, on a proxy of its own (free port, sync not started). */
async function inProcess(dataDir: string, options: { sandbox: boolean; freshOrg: boolean }): Promise<Target> {
  const connected = !options.sandbox && !options.freshOrg && readConnectedAccounts(dataDir);
  let started: { close(): Promise<void> };
  let running: { setup?: SetupService; identity: { label: string } } | null;
  if (connected) {
    const proxy = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    started = proxy;
    running = proxy.sync();
  } else {
    const proxy = await startSandboxProxy({ port: 0, dataDir, autoStart: false, freshOrg: options.freshOrg });
    started = proxy;
    running = proxy.sync;
  }
  if (!running?.setup) {
    await started.close();
    throw new Error('The sync could not start, so the setup cannot be checked: see the lines above.');
  }
  const setup = running.setup;
  return {
    label: running.identity.label,
    check: () => setup.check(),
    apply: () => setup.apply(),
    close: () => started.close(),
  };
}

function printProblems(setup: SetupResponse): void {
  const problems = setup.items.filter((i) => !i.ok);
  console.log(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} (${setup.items.length - problems.length} of ${setup.items.length} checks pass):`,
  );
  problems.forEach((p, i) => {
    console.log(`  ${i + 1}. ${p.title}`);
    console.log(`     Problem: ${p.problem}`);
    console.log(`     Fix: ${p.fix}`);
  });
  if (setup.planned.length) {
    console.log(
      '"sync-health doctor --fix" (or "Create missing fields" in the panel, Settings → Setup) would:',
    );
    for (const a of setup.planned) console.log(`  - ${a.description}`);
  }
}

export const doctorCommand: Command = {
  summary:
    'Check that the org and portal are ready for the sync (fields, permissions, API); --fix creates what is missing.',
  usage: `Usage: sync-health doctor [--fix] [--port N] [--data-dir DIR] [--sandbox] [--fresh-org]

  Checks, for every mapped object and field: the external id field (HubSpot_Id__c) exists, is an External ID
  and unique, readable and editable by the integration user; each mapped field and CRM property exists with a
  compatible type; the CRM salesforce_id property exists with unique values; the API is enabled and the daily
  limit known. Exit 0 when ready, 1 with a numbered list of problems and their fixes.
  --fix            create the missing fields (Metadata API), the permission set Sync_Health_Integration and its
                   assignment to the integration user, and the salesforce_id property; shows the plan first
  --port N         the running proxy to ask (default ${DEFAULT_PORT}); with none running, the check runs here
  --sandbox, --fresh-org   with no proxy running: check the embedded sandbox (or the fresh org) instead of
                   the connected accounts`,
  options: {
    fix: { type: 'boolean' },
    port: { type: 'string', short: 'p' },
    'data-dir': { type: 'string' },
    sandbox: { type: 'boolean' },
    'fresh-org': { type: 'boolean' },
  },
  async run(values) {
    const port = parsePort(values.port, DEFAULT_PORT);
    const target =
      (await runningProxy(port, values.dataDir)) ??
      (await inProcess(values.dataDir, {
        sandbox: values.sandbox === true,
        freshOrg: values['fresh-org'] === true,
      }));
    try {
      console.log(`Setup check: ${target.label}`);
      const before = await target.check();
      if (before.ready) {
        console.log(`Ready: all ${before.items.length} checks pass.`);
        return 0;
      }
      if (!values.fix) {
        printProblems(before);
        return 1;
      }
      if (!before.planned.length) {
        printProblems(before);
        console.log('Nothing here can be created automatically: make the fixes above by hand.');
        return 1;
      }
      console.log('Taking these actions:');
      for (const a of before.planned) console.log(`  - ${a.description}`);
      const { results, after } = await target.apply();
      for (const r of results) {
        console.log(
          `  ${r.outcome === 'failed' || r.outcome === 'skipped' ? '✗' : '✓'} ${r.outcome}: ${r.target} — ${r.message}`,
        );
      }
      if (after.ready) {
        console.log(`Ready: all ${after.items.length} checks pass.`);
        return 0;
      }
      printProblems(after);
      return 1;
    } finally {
      await target.close();
    }
  },
};
