// The package's Node entry reads the shipped register model without tfjs, and answers as the tfjs-loaded
// Predictor does; any other head still loads through tfjs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { readDataset } from '../../src/data/dataset.ts';
import { initBackend } from '../../src/model/backend.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { openPredictor, SERVED_BACKEND } from '../../src/reading/node.ts';
import { ROOT } from '../helpers.ts';

describe('openPredictor', () => {
  it('reads the shipped model in a process that never loads a @tensorflow package', async () => {
    // tfjs's entry points are CommonJS: once imported, even from ESM, they sit in require's cache.
    const script = `
      import { createRequire } from 'node:module';
      const { openPredictor } = await import('./src/reading/node.ts');
      const predictor = await openPredictor();
      const { value, backend } = predictor.predictPhrase('seven hundred and two');
      const tf = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@tensorflow'));
      console.log(JSON.stringify({ value, backend, problem: predictor.problem ?? null, tf }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    assert.deepEqual(JSON.parse(stdout), { value: 702, backend: SERVED_BACKEND.name, problem: null, tf: [] });
  });

  it('answers every phrase of the extrapolation split as the tfjs-loaded Predictor does, step by step', async () => {
    const served = await openPredictor();
    const tfjs = await loadPredictor('models/default', await initBackend(() => undefined));
    try {
      assert.equal(served.problem, undefined);
      const dataset = await readDataset('data/extrapolation');
      const phrases = [...dataset.splits.val, ...dataset.splits.test].map((e) => e.tokens.join(' '));
      const withoutBackend = (items: object[]) => items.map((item) => ({ ...item, backend: undefined }));
      assert.deepEqual(withoutBackend(served.predictMany(phrases)), withoutBackend(tfjs.predictMany(phrases)));
      assert.ok(phrases.length > 1000);
    } finally {
      served.dispose();
      tfjs.dispose();
    }
  });

  it('loads a head the served reading does not cover (paper-nalu) through tfjs', async () => {
    const predictor = await openPredictor('models/paper-nalu');
    try {
      assert.equal(predictor.problem, undefined);
      assert.equal(predictor.backend.name, (await initBackend(() => undefined)).name);
      assert.equal(predictor.predictPhrase('seven hundred').steps.length, 2);
    } finally {
      predictor.dispose();
    }
  });
});
