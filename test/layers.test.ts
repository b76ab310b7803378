// The layers of src/ as rules on the module graph: no import points up a layer, the page bundles nothing
// Node-only, only the CLIs read argv or open ports, and training never asks the grammar (it learns from
// the dataset files alone).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT } from './helpers.ts';

/** Each folder of src/ and the folders it may import from (besides itself). */
const LAYERS: Record<string, readonly string[]> = {
  common: [],
  language: ['common'],
  data: ['common', 'language'],
  model: ['common', 'language'],
  reading: ['common', 'language', 'model'],
  evaluation: ['common', 'language', 'model', 'data'],
  training: ['common', 'language', 'model', 'data', 'evaluation'],
  experiments: ['common', 'language', 'model', 'data', 'evaluation', 'training', 'reading'],
  text: ['common', 'language', 'model', 'reading'],
  server: ['common', 'language', 'model', 'reading', 'text'],
  browser: ['common', 'language', 'model', 'reading', 'text'],
  cli: ['common', 'language', 'model', 'data', 'reading', 'text', 'evaluation', 'training', 'experiments', 'server'],
};

/** Packages that only run in Node. */
const NODE_ONLY_PACKAGES = ['express', 'commander', 'cli-progress', 'ejs', 'wabt', 'esbuild', 'tsx', 'playwright-core', '@tensorflow/tfjs-node'];

interface Module {
  /** Path from the repository root, e.g. src/model/reader.ts. */
  file: string;
  source: string;
  /** Every import (type-only ones too): project modules as repository paths, packages as named. */
  imports: string[];
  /** The imports that remain when the code runs (type-only ones vanish). */
  runtime: string[];
}

function specifiers(source: string, runtimeOnly: boolean): string[] {
  const statement = runtimeOnly ? /^\s*(?:import|export)\s+(?!type\s)(?:[^;]*?from\s+)?'([^']+)'/gms : /^\s*(?:import|export)\s+(?:[^;]*?from\s+)?'([^']+)'/gms;
  const dynamic = /\bimport\(\s*'([^']+)'\s*\)/g;
  return [...source.matchAll(statement), ...source.matchAll(dynamic)].map((m) => m[1] as string);
}

function resolve(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : specifier;
}

async function readGraph(): Promise<Map<string, Module>> {
  const graph = new Map<string, Module>();
  const entries = await readdir(path.join(ROOT, 'src'), { recursive: true });
  for (const entry of entries.sort()) {
    const file = path.posix.join('src', entry.split(path.sep).join('/'));
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const source = await readFile(path.join(ROOT, file), 'utf8');
    graph.set(file, { file, source, imports: specifiers(source, false).map((s) => resolve(file, s)), runtime: specifiers(source, true).map((s) => resolve(file, s)) });
  }
  return graph;
}

/** The folder of src/ a module is in ('' at the top of src/). */
const folderOf = (file: string) => file.split('/').slice(1, -1)[0] ?? '';

/** Every module `entry` runs, followed through run-time imports. */
function closure(graph: Map<string, Module>, entry: string): Module[] {
  const seen = new Map<string, Module>();
  const visit = (file: string) => {
    const module = graph.get(file);
    if (!module || seen.has(file)) return;
    seen.set(file, module);
    module.runtime.forEach(visit);
  };
  visit(entry);
  return [...seen.values()];
}

/** Imports from one folder into another it may not import from, as "from → to". */
function upwardImports(graph: Map<string, Module>): string[] {
  const out: string[] = [];
  for (const module of graph.values()) {
    const from = folderOf(module.file);
    for (const target of module.imports.filter((t) => t.startsWith('src/'))) {
      const to = folderOf(target);
      if (to !== from && !(LAYERS[from] ?? []).includes(to)) out.push(`${module.file} → ${target}`);
    }
  }
  return out;
}

/** Each rule names its violations; a rule holds when it names none. */
const RULES: { rule: string; violations: (graph: Map<string, Module>) => string[] }[] = [
  {
    rule: 'every module is in a layer folder of src/',
    violations: (graph) => [...graph.keys()].filter((file) => !(folderOf(file) in LAYERS)),
  },
  { rule: 'no import points up a layer', violations: upwardImports },
  {
    rule: 'nothing the page bundles imports a Node built-in, a Node-only package or reads process',
    violations: (graph) =>
      closure(graph, 'src/browser/page.ts').flatMap((m) => [
        ...m.runtime.filter((t) => t.startsWith('node:') || NODE_ONLY_PACKAGES.some((p) => t === p || t.startsWith(`${p}/`))).map((t) => `${m.file} imports ${t}`),
        ...(/\bprocess\./.test(m.source) ? [`${m.file} reads process`] : []),
      ]),
  },
  {
    rule: 'src/text/ is browser-safe: nothing it runs imports a Node built-in or a Node-only package',
    violations: (graph) =>
      [...graph.keys()].filter((file) => folderOf(file) === 'text').flatMap((entry) =>
        closure(graph, entry).flatMap((m) => m.runtime.filter((t) => t.startsWith('node:') || NODE_ONLY_PACKAGES.some((p) => t === p || t.startsWith(`${p}/`))).map((t) => `${m.file} imports ${t}`)),
      ),
  },
  {
    rule: 'only src/cli/ reads process.argv or opens a port',
    violations: (graph) =>
      [...graph.values()].filter((m) => folderOf(m.file) !== 'cli' && /process\.argv|\.listen\(/.test(m.source)).map((m) => m.file),
  },
  {
    rule: 'training never imports the grammar, directly or through another module',
    violations: (graph) => (closure(graph, 'src/training/train.ts').some((m) => m.file === 'src/language/grammar.ts') ? ['src/training/train.ts reaches src/language/grammar.ts'] : []),
  },
];

let graph: Map<string, Module>;
before(async () => {
  graph = await readGraph();
});

describe('the layers of src/', () => {
  for (const { rule, violations } of RULES) {
    it(rule, () => assert.deepEqual(violations(graph), []));
  }
});

describe('the rules see what they check', () => {
  it('the scan follows run-time imports: the page reaches the Predictor and the grammar, training reaches the reader', () => {
    const page = closure(graph, 'src/browser/page.ts').map((m) => m.file);
    assert.ok(page.includes('src/reading/predict.ts') && page.includes('src/language/grammar.ts'), page.join(', '));
    const training = closure(graph, 'src/training/train.ts').map((m) => m.file);
    assert.ok(training.includes('src/model/reader.ts') && training.includes('src/evaluation/evaluate.ts'), training.join(', '));
    assert.ok(closure(graph, 'src/data/dataset.ts').some((m) => m.file === 'src/language/grammar.ts'));
  });
  it('type-only imports are not run, but they count as arrows between layers', () => {
    const source = "import type { A } from '../training/config.ts';\nimport { b } from './reader.ts';\n";
    assert.deepEqual(specifiers(source, true), ['./reader.ts']);
    const fake = new Map<string, Module>([
      ['src/model/x.ts', { file: 'src/model/x.ts', source, imports: ['src/training/config.ts', 'src/model/reader.ts'], runtime: ['src/model/reader.ts'] }],
    ]);
    assert.deepEqual(upwardImports(fake), ['src/model/x.ts → src/training/config.ts']);
  });
  it('a module at the top of src/ or in an unknown folder breaks the first rule', () => {
    const fake = new Map<string, Module>(['src/x.ts', 'src/misc/y.ts', 'src/model/z.ts'].map((file) => [file, { file, source: '', imports: [], runtime: [] }]));
    assert.deepEqual(RULES[0]?.violations(fake), ['src/x.ts', 'src/misc/y.ts']);
  });
});
