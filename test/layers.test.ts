// Training learns from the dataset files alone: neither the training loop nor anything it runs may import
// the grammar (a test of the module graph, type-only imports aside, which vanish when the code runs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.ts';

/** Every project module `entry` imports at run time, followed transitively (type-only imports skipped). */
async function runtimeImports(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/^\s*(import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gms)) {
      await visit(path.resolve(path.dirname(file), match[2] as string));
    }
  };
  await visit(path.join(ROOT, entry));
  return seen;
}

describe('training never asks the grammar', () => {
  it('src/training/train.ts does not import src/language/grammar.ts, directly or through another module', async () => {
    const modules = await runtimeImports('src/training/train.ts');
    const names = [...modules].map((f) => path.relative(ROOT, f));
    assert.ok(names.includes('src/model/reader.ts') && names.includes('src/evaluation/evaluate.ts'), `the scan follows imports: ${names.join(', ')}`);
    assert.ok(!names.includes('src/language/grammar.ts'), `train.ts reaches the grammar through: ${names.join(', ')}`);
  });
  it('the scan does find the grammar where it is imported', async () => {
    const names = [...(await runtimeImports('src/data/dataset.ts'))].map((f) => path.relative(ROOT, f));
    assert.ok(names.includes('src/language/grammar.ts'));
  });
});
