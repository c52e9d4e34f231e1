import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = resolve(ROOT, 'node_modules/.bin/tsc');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sh-shared-tsc-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compiles shared/ (plus `probe`, as if it were a file of shared/) with tsconfig.shared.json: no DOM, no Node types. */
function compileShared(probe?: string) {
  const files = [join(ROOT, 'shared/**/*.ts'), join(ROOT, 'types/shared-runtime.d.ts')];
  if (probe) {
    writeFileSync(join(dir, 'probe.ts'), probe);
    files.push(join(dir, 'probe.ts'));
  }
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.shared.json'),
      include: files,
      exclude: ['**/*.test.ts'],
    }),
  );
  const res = spawnSync(TSC, ['-p', config], { encoding: 'utf8' });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

describe('shared/ compiles on its own, without DOM or Node types', () => {
  it('compiles as it is', () => {
    expect(compileShared()).toEqual({ ok: true, output: '' });
  }, 60_000);

  it.each([
    ['the DOM', 'export const title = () => document.title;\n', "Cannot find name 'document'"],
    ['Node', 'export const home = () => process.env.HOME;\n', "Cannot find name 'process'"],
  ])(
    'fails when shared code uses %s',
    (_what, probe, words) => {
      const res = compileShared(probe);
      expect(res.ok).toBe(false);
      expect(res.output).toContain(words);
    },
    60_000,
  );
});
