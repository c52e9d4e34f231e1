import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = resolve(ROOT, 'node_modules/.bin/biome');

/** What only proxy/store may write: a statement prepared on a connection, a pragma, SQL DML/DDL. */
const SQL_SIGNS = [
  /\.prepare\s*\(/,
  /\.pragma\s*\(/,
  /\b(INSERT INTO|DELETE FROM|CREATE TABLE|ALTER TABLE|ON CONFLICT)\b/,
  /\btestDatabase\b/,
];

/** Production source files (tests may look at rows through testDatabase). */
function productionFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('proxy/store/'));
}

/** Lines of `source` that look like SQL access, as "line: text". */
function sqlLines(source: string): string[] {
  return source
    .split('\n')
    .flatMap((line, i) => (SQL_SIGNS.some((re) => re.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('SQL lives in proxy/store only', () => {
  it('finds no prepared statement, pragma, SQL statement or test handle in production code outside proxy/store', () => {
    const found = ['proxy', 'shared', 'extension']
      .flatMap(productionFiles)
      .flatMap((file) => sqlLines(readFileSync(join(ROOT, file), 'utf8')).map((l) => `${file}:${l}`));
    expect(found).toEqual([]);
  });

  it.each([
    ['a prepared statement', "const n = store.db.prepare('SELECT 1').get();"],
    ['a raw delete', 'run(`DELETE FROM cursors WHERE key = ?`)'],
    ['the test handle', "import { testDatabase } from '../store';"],
  ])('would flag %s', (_what, line) => {
    expect(sqlLines(`const a = 1;\n${line}\n`)).toEqual([`2: ${line}`]);
  });

  it('leaves SOQL and regular expressions alone', () => {
    expect(sqlLines('const q = soql`SELECT Id FROM Contact`;\nconst m = /x/.exec(s);\n')).toEqual([]);
  });
});

describe('only proxy/store imports better-sqlite3 (biome)', () => {
  let sandbox: string;
  beforeAll(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'sh-store-boundary-'));
    copyFileSync(join(ROOT, 'biome.json'), join(sandbox, 'biome.json'));
  });
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  function lint(path: string) {
    const file = join(sandbox, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
    );
    const res = spawnSync(BIOME, ['lint', '--config-path', sandbox, path], {
      cwd: sandbox,
      encoding: 'utf8',
    });
    rmSync(file);
    return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
  }

  it.each(['proxy/sync/probe.ts', 'proxy/routes/probe.ts', 'tests/integration/probe.ts'])(
    'refuses it in %s, naming the Store as the way',
    (path) => {
      const res = lint(path);
      expect(res.ok).toBe(false);
      expect(res.output).toContain('Only proxy/store talks to SQLite');
    },
  );

  it('allows it in proxy/store', () => {
    expect(lint('proxy/store/probe.ts')).toMatchObject({ ok: true });
  });
});
