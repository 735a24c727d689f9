/**
 * The layers' import rules, read from the source files themselves (TypeScript's own import scanner,
 * so `import`, `import type`, `export … from` and dynamic `import()` all count):
 *
 *  - Models never leave the data layer: no file under src/ outside src/dal imports a model file
 *    (`*.model.ts`) or mongoose. Record types come from src/dal/types.ts, data through the
 *    repositories on `Dal`. src/db may import mongoose: it opens the connection the DAL is bound to
 *    (connect, the embedded server, the watch on it) and defines no model.
 *  - The domain has no storage and no I/O: src/domain imports nothing from src/dal, src/bot,
 *    mongoose, telegraf or node:fs / fs.
 *  - The front doors stay apart: src/web and src/import import nothing from src/bot or telegraf
 *    (what they share with the chat, such as deep links, lives in the domain).
 *
 * Tests, benchmarks and the demo are not bound by the first rule: they arrange and inspect raw
 * collections on purpose (test/support/models.ts).
 *
 * ALLOWED lists files that break a rule and why. Both rules hold today with no exception (issue 12
 * moved the last chat features and the application layer to src/dal/types); an entry whose file
 * no longer breaks its rule fails the test, so the list cannot keep stale excuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

type Rule = 'models stay in src/dal' | 'domain is pure' | 'front doors stay apart';

/** Known breaks being fixed, per rule: file (relative to the repository) → why it is still here. */
const ALLOWED: Record<Rule, Record<string, string>> = {
  'models stay in src/dal': {},
  'domain is pure': {},
  'front doors stay apart': {},
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module a file imports or re-exports, as written. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** What an import names: a package, or a file under the repository (relative, without extension). */
function target(fromFile: string, spec: string): { pkg: string } | { file: string } {
  if (!spec.startsWith('.')) return { pkg: spec.startsWith('node:') ? spec.slice(5) : spec.split('/')[0]! };
  return { file: path.relative(ROOT, path.resolve(path.dirname(fromFile), spec)).split(path.sep).join('/') };
}

/** The rules a file (path relative to the repository) breaks by one import. */
export function violations(file: string, spec: string): Rule[] {
  const t = target(path.join(ROOT, file), spec);
  const out: Rule[] = [];
  const inDal = file.startsWith('src/dal/');
  const inDb = file.startsWith('src/db/');
  if (!inDal) {
    if ('file' in t && t.file.endsWith('.model')) out.push('models stay in src/dal');
    if ('pkg' in t && t.pkg === 'mongoose' && !inDb) out.push('models stay in src/dal');
  }
  if (file.startsWith('src/domain/')) {
    const bad =
      ('pkg' in t && ['mongoose', 'telegraf', 'fs'].includes(t.pkg)) ||
      ('file' in t && ['src/dal', 'src/bot'].some((dir) => t.file === dir || t.file.startsWith(`${dir}/`)));
    if (bad) out.push('domain is pure');
  }
  // The web calendar and the importer are front doors beside the chat: they reach the rest through
  // src/application (and the domain), never through the bot layer or telegraf.
  if (['src/web/', 'src/import/'].some((dir) => file.startsWith(dir))) {
    const bad = ('pkg' in t && t.pkg === 'telegraf') || ('file' in t && (t.file === 'src/bot' || t.file.startsWith('src/bot/')));
    if (bad) out.push('front doors stay apart');
  }
  return [...new Set(out)];
}

/** rule → file → the imports that break it, for every source file under src/. */
function breaches(): Map<Rule, Map<string, string[]>> {
  const found = new Map<Rule, Map<string, string[]>>();
  for (const abs of sourceFiles(SRC)) {
    const file = path.relative(ROOT, abs).split(path.sep).join('/');
    for (const spec of importsOf(fs.readFileSync(abs, 'utf8'))) {
      for (const rule of violations(file, spec)) {
        const byFile = found.get(rule) ?? new Map<string, string[]>();
        byFile.set(file, [...(byFile.get(file) ?? []), spec]);
        found.set(rule, byFile);
      }
    }
  }
  return found;
}

describe('the rules themselves', () => {
  it('reads imports, type imports, re-exports and dynamic imports', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b.model';",
      "export { c } from './c';",
      "const d = await import('node:fs');",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a', '../b.model', './c', 'node:fs']);
  });

  it('sees a model or mongoose imported outside src/dal, and allows src/db its connection', () => {
    expect(violations('src/delivery/sender.ts', '../dal/chunks/chunk.model')).toEqual(['models stay in src/dal']);
    expect(violations('src/http/health.ts', 'mongoose')).toEqual(['models stay in src/dal']);
    expect(violations('src/delivery/sender.ts', '../dal/types')).toEqual([]);
    expect(violations('src/dal/index.ts', './users/user.model')).toEqual([]);
    expect(violations('src/db/connect.ts', 'mongoose')).toEqual([]);
    expect(violations('src/db/connect.ts', '../dal/users/user.model')).toEqual(['models stay in src/dal']);
  });

  it('sees the domain reaching storage, the bot layer, telegraf or the file system', () => {
    for (const spec of ['../dal/types', '../dal', 'mongoose', 'telegraf', 'node:fs', 'fs', '../bot/render/event-card'])
      expect(violations('src/domain/dates.ts', spec)).toContain('domain is pure');
    expect(violations('src/domain/dates.ts', './time')).toEqual([]);
    expect(violations('src/domain/dates.ts', 'dayjs')).toEqual([]);
    expect(violations('src/domain/dates.ts', 'node:crypto')).toEqual([]);
  });
});

describe('the front doors', () => {
  it('sees the web calendar or the importer reaching into the bot layer or telegraf', () => {
    expect(violations('src/web/text.ts', '../bot/callback-data/event-card')).toEqual(['front doors stay apart']);
    expect(violations('src/import/fetch.ts', 'telegraf')).toEqual(['front doors stay apart']);
    expect(violations('src/web/text.ts', '../domain/deep-links')).toEqual([]);
    expect(violations('src/bot/features/rsvp.ts', '../callback-data/event-card')).toEqual([]);
  });
});

describe('the layers', () => {
  const found = breaches();

  it.each(Object.keys(ALLOWED) as Rule[])('%s: no file outside the allow-list breaks it', (rule) => {
    const unexpected = [...(found.get(rule) ?? new Map<string, string[]>())].filter(([file]) => !(file in ALLOWED[rule]));
    expect(Object.fromEntries(unexpected)).toEqual({});
  });

  it.each(Object.keys(ALLOWED) as Rule[])('%s: the allow-list only names files that still break it (remove the fixed ones)', (rule) => {
    const breaking = found.get(rule) ?? new Map<string, string[]>();
    const fixed = Object.keys(ALLOWED[rule]).filter((file) => !breaking.has(file));
    expect(fixed).toEqual([]);
  });
});
