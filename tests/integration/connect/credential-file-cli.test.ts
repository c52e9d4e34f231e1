import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness';

describe('a damaged credential file on start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sh-creds-cli-'));
    mkdirSync(join(dir, 'connections'), { mode: 0o700 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops with one line naming the file and what to run, not a stack', async () => {
    const file = join(dir, 'connections', 'salesforce.json');
    writeFileSync(file, '{"method":"oauth","accessToken":"00Dsecret', { mode: 0o600 });
    const res = await runCli(['start', '--port', '0', '--data-dir', dir]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe(
      `${file} is not valid JSON; run "sync-health connect salesforce" again (or "sync-health disconnect salesforce").`,
    );
    expect(res.stdout + res.stderr).not.toContain('00Dsecret');
  });
});
