import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProxy } from '../../../proxy/runtime/sandbox-runtime';
import { runCli } from '../connect/cli-harness';
import { captureConsole } from '../connect/connect-harness';

/** A port nothing listens on, so doctor checks in its own process. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('sync-health doctor', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sh-doctor-'));
    dirs.push(d);
    return d;
  };
  let port: number;
  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('exits 1 on a fresh org with a numbered list naming each missing field and its fix; --fix creates them; then exits 0', async () => {
    const dataDir = newDir();
    const args = ['--data-dir', dataDir, '--fresh-org', '--port', String(port)];
    const check = await runCli(['doctor', ...args]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('Setup check: Sandbox (fresh org)');
    expect(check.stdout).toContain('7 problems');
    expect(check.stdout).toMatch(
      / {2}1\. Account has the field "HubSpot Id" \(API name HubSpot_Id__c\), an External ID and unique/,
    );
    expect(check.stdout).toContain('Problem: Account has no "HubSpot Id" field');
    expect(check.stdout).toMatch(
      / {2}7\. HubSpot deal records have the property "Salesforce ID" \(internal name salesforce_id\), with unique values/,
    );
    expect(check.stdout).toContain(
      '- Create the Contact field "HubSpot Id" (API name HubSpot_Id__c): Text (32 characters), External ID, unique',
    );

    const fix = await runCli(['doctor', '--fix', ...args]);
    expect(fix.stderr).toBe('');
    expect(fix.code).toBe(0);
    expect(fix.stdout).toContain('✓ created: Account.Customer_Tier__c');
    expect(fix.stdout).toContain('✓ assigned: Sync_Health_Integration');
    expect(fix.stdout).toContain('✓ created: contacts.salesforce_id');
    expect(fix.stdout).toMatch(/Ready: all \d+ checks pass/);

    const again = await runCli(['doctor', ...args]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Ready: all \d+ checks pass/);
  });

  it('asks the proxy running on the port, so it reports what the panel shows', async () => {
    const logs = captureConsole();
    const dataDir = newDir();
    const proxy = await startSandboxProxy({ port: 0, dataDir, autoStart: false, freshOrg: true });
    try {
      const res = await runCli(['doctor', '--data-dir', dataDir, '--port', String(proxy.proxy.port)]);
      expect(res.code).toBe(1);
      expect(res.stdout).toContain(
        `Setup check: Sandbox (fresh org) (the proxy on port ${proxy.proxy.port})`,
      );
      expect(res.stdout).toContain('7 problems');
    } finally {
      await proxy.close();
      logs.restore();
    }
  });
});
