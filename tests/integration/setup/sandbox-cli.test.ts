import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, describe, expect, it } from 'vitest';
import { startCliOutput } from '../connect/cli-harness';

const BIN = resolve(import.meta.dirname, '../../../bin/sync-health.js');

describe('npm run sandbox -- --fresh-org', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sh-sandbox-cli-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('serves an org without the sync fields and a portal without salesforce_id, holding the same contacts', async () => {
    const child = spawn(process.execPath, [
      BIN,
      'sandbox',
      '--fresh-org',
      '--port',
      '0',
      '--data-dir',
      newDir(),
    ]);
    try {
      const info = await new Promise<Record<string, string>>((done, fail) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const line = out.split('\n')[0];
          if (out.includes('\n')) done(JSON.parse(line));
        });
        child.on('exit', (code) => fail(new Error(`sandbox exited with ${code}: ${out}`)));
      });
      const conn = new Connection({
        instanceUrl: info.instanceUrl,
        accessToken: info.accessToken,
        version: '62.0',
      });
      const fields = (await conn.sobject('Contact').describe()).fields.map((f) => f.name);
      expect(fields).toContain('Email');
      expect(fields).not.toContain('HubSpot_Id__c');
      const headers = { authorization: `Bearer ${info.hubspotToken}` };
      const property = await fetch(`${info.hubspotBaseUrl}/crm/v3/properties/contacts/salesforce_id`, {
        headers,
      });
      expect(property.status).toBe(404);
      const sfEmails = (await conn.query<{ Email: string }>('SELECT Email FROM Contact')).records.map((r) =>
        r.Email.toLowerCase(),
      );
      const crm = (await (
        await fetch(`${info.hubspotBaseUrl}/crm/v3/objects/contacts?limit=100&properties=email`, { headers })
      ).json()) as { results: Array<{ properties: { email: string } }> };
      const shared = crm.results.filter((r) => sfEmails.includes(r.properties.email));
      expect(shared.length).toBeGreaterThanOrEqual(30);
    } finally {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('start --fresh-org says it runs the day-one sandbox and what to run next', async () => {
    const out = await startCliOutput(['--port', '0', '--data-dir', newDir(), '--fresh-org']);
    expect(out).toContain(
      'Accounts: embedded sandbox (--fresh-org given: no sync fields yet, run "sync-health doctor --fix")',
    );
  });
});
