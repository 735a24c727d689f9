/**
 * No file under src/ reaches itself through its imports. A cycle makes module order matter (a value
 * read before its module finished loading is undefined), and it is how layers quietly stop being
 * layers: two files that need each other are one piece of code. Imports are read with TypeScript's
 * own scanner, type-only imports included (they still tie the files' meanings together).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The file a relative import names, as written or as a folder's index. */
function resolve(from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => known.has(c));
}

/** file → the files of `files` it imports. */
function importGraph(files: readonly string[], read: (f: string) => string): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const { importedFiles } = ts.preProcessFile(read(f), true, true);
    const out = importedFiles.flatMap(({ fileName }) => (fileName.startsWith('.') ? [resolve(f, fileName, known)] : [])).filter((x): x is string => !!x);
    graph.set(f, [...new Set(out)]);
  }
  return graph;
}

/** The strongly connected parts with more than one file, or one file importing itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  it('finds a cycle through several files and a file importing itself, and nothing in a tree', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(cycles(new Map([['x', ['y']], ['y', []]]))).toEqual([]);
  });

  it('reads relative imports, type imports, re-exports and folder indexes', () => {
    const dir = path.join(ROOT, 'src/x');
    const files = ['a.ts', 'b.ts', 'c/index.ts', 'd.tsx'].map((f) => path.join(dir, f));
    const text: Record<string, string> = {
      'a.ts': "import type { B } from './b'; import fs from 'node:fs';",
      'b.ts': "export { c } from './c';",
      'c/index.ts': "const d = import('../d');",
      'd.tsx': "import { a } from './a';",
    };
    const g = importGraph(files, (f) => text[path.relative(dir, f)]!);
    expect(cycles(g).map((c) => c.map((f) => path.relative(dir, f)))).toEqual([['a.ts', 'b.ts', 'c/index.ts', 'd.tsx']]);
  });

  it('src/ has none', () => {
    const files = sourceFiles(path.join(ROOT, 'src'));
    const found = cycles(importGraph(files, (f) => fs.readFileSync(f, 'utf8')));
    expect(found.map((c) => c.map((f) => path.relative(ROOT, f)))).toEqual([]);
  });
});
