import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../connect/cli-harness';

describe('the command line refuses a data folder others can write to', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'sh-dd-cli-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it.each([['start'], ['sandbox'], ['disconnect']])(
    '"sync-health %s" exits 1 with one line saying what to change, and writes nothing',
    async (command) => {
      const dir = join(base, 'shared');
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      const args = command === 'disconnect' ? [command, 'hubspot'] : [command, '--port', '0'];
      const res = await runCli([...args, '--data-dir', dir]);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toEqual([
        `Refusing the data folder ${dir}: other users can write to it (mode 777). Fix: chown ${process.getuid?.()} "${dir}" && chmod 700 "${dir}", or pass --data-dir with a folder of your own.`,
      ]);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
