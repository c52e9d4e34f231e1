import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = resolve(ROOT, 'node_modules/.bin/biome');
let sandbox: string;

beforeAll(() => {
  // A folder with the project's own biome.json and the same layout, so probes never touch the tree.
  sandbox = mkdtempSync(join(tmpdir(), 'sh-boundaries-'));
  copyFileSync(join(ROOT, 'biome.json'), join(sandbox, 'biome.json'));
});
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** Lints `source` as the file at `path`, with the project's biome.json (what `npm test` runs). */
function lint(path: string, source: string) {
  const file = join(sandbox, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const res = spawnSync(BIOME, ['lint', '--config-path', sandbox, path], { cwd: sandbox, encoding: 'utf8' });
  rmSync(file);
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

describe('folder boundaries are held by the linter', () => {
  it.each([
    [
      'the extension importing proxy code',
      'extension/api/probe.ts',
      "import { startProxy } from '../../proxy/server';\nexport const x = startProxy;\n",
      'never by importing proxy/ code',
    ],
    [
      'shared/ importing a node: module',
      'shared/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'no node:* modules here',
    ],
    [
      'shared/ importing proxy code',
      'shared/api/probe.ts',
      "import { startProxy } from '../../proxy/server';\nexport const x = startProxy;\n",
      'shared/ imports neither side',
    ],
    [
      'shared/ using the chrome global',
      'shared/probe.ts',
      'export const id = () => chrome.runtime.id;\n',
      'chrome',
    ],
    ['shared/ using process', 'shared/probe.ts', 'export const env = () => process.env.HOME;\n', 'process'],
  ])('refuses %s', (_what, path, source, words) => {
    const res = lint(path, source);
    expect(res.ok).toBe(false);
    expect(res.output).toContain(words);
  });

  it.each([
    [
      'the extension importing shared/',
      'extension/api/probe.ts',
      "import { apiError } from '../../shared/api-error';\nexport const x = apiError;\n",
    ],
    [
      'shared/ importing zod',
      'shared/api/probe.ts',
      "import { z } from 'zod';\nexport const x = z.string();\n",
    ],
    [
      'the proxy importing node: modules',
      'proxy/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ],
  ])('allows %s', (_what, path, source) => {
    expect(lint(path, source)).toMatchObject({ ok: true });
  });
});
