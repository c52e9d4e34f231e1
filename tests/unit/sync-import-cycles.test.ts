import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SYNC = resolve(import.meta.dirname, '../../proxy/sync');

/**
 * Relative imports and re-exports of one source file (`import … from './x'`, `import type …`,
 * `export … from './x'`, `import './x'`), as module names inside the same folder. A small static parse
 * written by hand: madge and dependency-cruiser are not dependencies, and one folder's relative imports
 * need no resolver.
 */
function siblingImports(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/\b(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]\.\/([^'"]+)['"]/g))
    names.add(m[1].replace(/\.(ts|js)$/, ''));
  return [...names];
}

/** Every cycle reachable by a depth-first walk, as "a → b → a"; empty when the graph has none. */
function findCycles(graph: Map<string, string[]>): string[] {
  const done = new Set<string>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node].join(' → '));
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    path.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return cycles;
}

/** proxy/sync's production modules and the sibling modules each imports. */
function syncGraph(): Map<string, string[]> {
  const files = readdirSync(SYNC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const modules = new Set(files.map((f) => f.replace(/\.ts$/, '')));
  return new Map(
    files.map((f) => [
      f.replace(/\.ts$/, ''),
      siblingImports(readFileSync(join(SYNC, f), 'utf8')).filter((d) => modules.has(d)),
    ]),
  );
}

describe('proxy/sync import cycles', () => {
  it('reads value, type-only, side-effect and re-export imports of sibling modules', () => {
    const source = [
      "import { a } from './alpha';",
      "import type { B } from './beta';",
      "import {\n  type C,\n  d,\n} from './gamma.ts';",
      "import './delta';",
      "export type { E } from './epsilon';",
      "import { f } from '../store';",
    ].join('\n');
    expect(siblingImports(source).sort()).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma']);
  });

  it('finds a cycle through type-only imports', () => {
    const graph = new Map([
      ['engine', ['push']],
      ['push', ['match']],
      ['match', ['push']],
    ]);
    expect(findCycles(graph)).toEqual(['push → match → push']);
  });

  it('finds no cycle in a graph without one', () => {
    const graph = new Map([
      ['engine', ['push', 'pull']],
      ['push', ['contexts']],
      ['pull', ['contexts']],
      ['contexts', []],
    ]);
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no import cycle among the modules of proxy/sync', () => {
    const graph = syncGraph();
    expect(graph.size).toBeGreaterThan(10);
    expect(graph.get('engine')).toContain('push-to-salesforce');
    expect(findCycles(graph)).toEqual([]);
  });
});
