// Models are verified on load: meta.json's fields, the weights' sha256, and a self-test of the network.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend, type BackendInfo } from '../../src/model/backend.ts';
import { loadModel, saveModel } from '../../src/model/files.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { createApp } from '../../src/server/app.ts';
import { ROOT, runCli, tempDir } from '../helpers.ts';

let backend: BackendInfo;
before(async () => {
  backend = await initBackend(() => undefined);
});

/** A copy of the shipped model in a temp folder, with `edit` applied to its meta.json. */
async function shippedCopy(edit: (meta: Record<string, unknown>) => unknown = (m) => m): Promise<string> {
  const dir = path.join(await tempDir(), 'model');
  await cp(path.join(ROOT, 'models', 'default'), dir, { recursive: true });
  const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify(edit(meta)));
  return dir;
}

const quiet = { warn: () => undefined };

describe('meta.json is checked against what the app reads', () => {
  const cases: [string, (meta: Record<string, unknown>) => unknown, RegExp][] = [
    ['empty', () => ({}), /meta\.json: "name" is missing \(a string\)/],
    ['not an object', () => [1, 2], /meta\.json: must hold a JSON object/],
    ['no dataset', ({ dataset: _, ...rest }) => rest, /meta\.json: "dataset" is missing \(an object\)/],
    ['mistyped metric', (m) => ({ ...m, metrics: { ...(m.metrics as object), test: { n: 1, mae: '0.1', exact: 1, runningMae: 0 } } }), /"metrics\.test\.mae" must be a number/],
    ['vocabulary not a list of words', (m) => ({ ...m, vocabulary: 'one two' }), /"vocabulary" must be a list of strings/],
    ['a word the network has no id for', (m) => ({ ...m, vocabulary: [...(m.vocabulary as string[]), 'banana'] }), /the word "banana" is not in the network's vocabulary/],
    ['a malformed hash', (m) => ({ ...m, weightsSha256: 'abc' }), /"weightsSha256" must be 64 hexadecimal digits/],
  ];
  for (const [name, edit, message] of cases) {
    it(`${name} → one clear error`, async () => {
      await assert.rejects(loadModel(await shippedCopy(edit), quiet), (e: Error) => message.test(e.message) && !e.message.includes('\n'));
    });
  }
  it('extra fields are tolerated (newer models add some)', async () => {
    const { reader, meta } = await loadModel(await shippedCopy((m) => ({ ...m, registers: { groups: 3 } })), quiet);
    assert.equal(meta.name, 'default');
    reader.dispose();
  });
  it('the serve CLI exits 1 with one line, before listening', async () => {
    const r = await runCli('serve', ['--model', await shippedCopy(() => ({})), '--port', '0']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: .*meta\.json: "name" is missing \(a string\)$/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.doesNotMatch(r.stdout, /listening/);
  });
});

describe('weights are checked against the sha256 recorded at save', () => {
  it('save records it; the same bytes load; changed bytes of the same size are refused', async () => {
    const { reader, meta } = await loadModel(path.join(ROOT, 'models', 'default'), quiet);
    const dir = path.join(await tempDir(), 'resaved');
    await saveModel(dir, reader, meta);
    reader.dispose();
    const saved = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
    assert.match(saved.weightsSha256, /^[0-9a-f]{64}$/);
    const warnings: string[] = [];
    (await loadModel(dir, { warn: (l) => warnings.push(l) })).reader.dispose();
    assert.deepEqual(warnings, []);
    const weights = await readFile(path.join(dir, 'weights.bin'));
    weights.writeUInt8(weights.readUInt8(weights.length - 1) ^ 1, weights.length - 1);
    await writeFile(path.join(dir, 'weights.bin'), weights);
    await assert.rejects(loadModel(dir, quiet), /the weights do not match meta\.json \(sha256/);
  });
  it('a model saved before hashes loads, with a warning', async () => {
    const warnings: string[] = [];
    const { reader } = await loadModel(await shippedCopy(({ weightsSha256: _, ...m }) => m), { warn: (l) => warnings.push(l) });
    reader.dispose();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /records no weights hash/);
  });
});

describe('the load-time self-test', () => {
  it('passes on the shipped model', async () => {
    const predictor = await loadPredictor(path.join(ROOT, 'models', 'default'), backend);
    assert.equal(predictor.problem, undefined);
    predictor.dispose();
  });
  it('NaN weights of the right size fail it: /healthz says so and predictions are refused, never null', async () => {
    // Without a recorded hash (a model saved before hashes were), only the self-test can catch them.
    const dir = await shippedCopy(({ weightsSha256: _, ...m }) => m);
    const size = (await readFile(path.join(dir, 'weights.bin'))).length;
    await writeFile(path.join(dir, 'weights.bin'), Buffer.from(new Float32Array(size / 4).fill(Number.NaN).buffer));
    const predictor = await loadPredictor(dir, backend);
    assert.equal(predictor.problem, `the network gives a non-finite output for "${predictor.meta.vocabulary[0]}"`);
    const server = createApp({ predictor, modelDir: dir, log: () => undefined }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 503);
      assert.equal((await health.json()).ok, false);
      for (const res of [await fetch(`${base}/api/predict?q=one`), await fetch(`${base}/api/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phrases":["one"]}' })]) {
        assert.equal(res.status, 503);
        assert.equal((await res.json()).error.code, 'model_unhealthy');
      }
    } finally {
      server.close();
      predictor.dispose();
    }
  });
});
