// Models are verified on load: meta.json's fields and the files' hashes; models saved before the hashes and
// canaries were recorded are refused until migrated. What the network reads: test/model/health.test.ts.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { readDataset } from '../../src/data/dataset.ts';
import { initBackend, type BackendInfo } from '../../src/model/backend.ts';
import { loadModel, saveModel } from '../../src/model/files.ts';
import { loadPredictor } from '../../src/reading/load.ts';
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
      await assert.rejects(loadModel(await shippedCopy(edit)), (e: Error) => message.test(e.message) && !e.message.includes('\n'));
    });
  }
  it('extra fields are tolerated (newer models add some)', async () => {
    const { reader, meta } = await loadModel(await shippedCopy((m) => ({ ...m, registers: { groups: 3 } })));
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

describe('files are checked against the hashes recorded at save', () => {
  it('save records them; the same bytes load; changed bytes of the same size are refused', async () => {
    const { reader, meta } = await loadModel(path.join(ROOT, 'models', 'default'));
    const dir = path.join(await tempDir(), 'resaved');
    await saveModel(dir, reader, meta, (await readDataset(path.join(ROOT, 'data', 'extrapolation'))).splits.val.map((e) => e.tokens));
    reader.dispose();
    const saved = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
    assert.equal(saved.weightsSha256, meta.weightsSha256);
    assert.deepEqual(saved.health.canaries, meta.health?.canaries);
    (await loadModel(dir)).reader.dispose();
    const weights = await readFile(path.join(dir, 'weights.bin'));
    weights.writeUInt8(weights.readUInt8(weights.length - 1) ^ 1, weights.length - 1);
    await writeFile(path.join(dir, 'weights.bin'), weights);
    await assert.rejects(loadModel(dir), /the weights do not match meta\.json \(sha256/);
  });
});

describe('a model saved before meta.json recorded its health', () => {
  const old = () => shippedCopy(({ health: _, ...m }) => m);
  it('is refused in one line naming the command that migrates it', async () => {
    const dir = await old();
    await assert.rejects(loadModel(dir), (e: Error) => e.message === `model "default" records no hash of its files and no canaries (saved before models proved their reading); migrate it with: npm run migrate-model -- ${dir}`);
  });
  it('migrate-model gives it the canaries the shipped model records, leaving model.json and weights.bin byte for byte', async () => {
    const dir = await old();
    const r = await runCli('migrate-model', [dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^migrated .*: 99 canaries, floor 100\.0 % of validation, files sha256 [0-9a-f]{12}…; model\.json and weights\.bin unchanged\n$/);
    for (const file of ['model.json', 'weights.bin']) assert.ok((await readFile(path.join(dir, file))).equals(await readFile(path.join(ROOT, 'models', 'default', file))), file);
    const shipped = JSON.parse(await readFile(path.join(ROOT, 'models', 'default', 'meta.json'), 'utf8'));
    assert.deepEqual(JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')), shipped);
    const predictor = await loadPredictor(dir, backend);
    assert.equal(predictor.problem, undefined);
    predictor.dispose();
    const again = await runCli('migrate-model', [dir]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already records its hash and canaries; nothing to do/);
  });
  for (const [name, edit, args, message] of [
    // Its validation record goes too, as it would in a meta.json saved before records; else the load refuses the mismatch first.
    ['weights that do not read as meta.json says', ({ validation: _, ...m }: Record<string, any>) => ({ ...m, metrics: { ...m.metrics, val: { ...m.metrics.val, exact: 0.5 } } }), [], /^error: the model reads 100\.0 % of its validation split exactly, meta\.json records 50\.0 %: these are not the weights it describes$/m],
    ['another dataset', (m: Record<string, any>) => m, ['--data', 'data/paper'], /^error: data\/paper is not the dataset the model was trained on \(hash 18a000624253…, meta\.json records 033724bf8292…\); name it with --data$/m],
  ] as const) {
    it(`migrate-model refuses ${name}, leaving meta.json as it was`, async () => {
      const dir = await shippedCopy(({ health: _, ...m }) => edit(m));
      const before = await readFile(path.join(dir, 'meta.json'), 'utf8');
      const r = await runCli('migrate-model', [dir, ...args]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
      assert.equal(await readFile(path.join(dir, 'meta.json'), 'utf8'), before);
    });
  }
});
