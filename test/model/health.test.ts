// A model proves it reads before it serves: corrupted weights whose hashes were rewritten to match are
// caught by the canaries, the floor or the finite check; model.json and meta.json are checked for meaning.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { initBackend, type BackendInfo } from '../../src/model/backend.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { openPredictor } from '../../src/reading/node.ts';
import { loadModel } from '../../src/model/files.ts';
import { canaryProblem } from '../../src/model/health.ts';
import { ROOT, tempDir } from '../helpers.ts';

let backend: BackendInfo;
before(async () => {
  backend = await initBackend(() => undefined);
});

type Json = Record<string, any>;
const readJson = async (file: string): Promise<Json> => JSON.parse(await readFile(file, 'utf8'));

/** A copy of a committed model in a temp folder. */
async function copyOf(name: string): Promise<string> {
  const dir = path.join(await tempDir(), name);
  await cp(path.join(ROOT, 'models', name), dir, { recursive: true });
  return dir;
}

/**
 * Records in meta.json the hashes the files now have, as a save would have: a corruption then passes every
 * hash, and only the canaries, the floor or the finite check can catch it.
 */
async function rehash(dir: string): Promise<void> {
  const meta = await readJson(path.join(dir, 'meta.json'));
  const modelJson = await readFile(path.join(dir, 'model.json'));
  const weights = await readFile(path.join(dir, 'weights.bin'));
  meta.weightsSha256 = createHash('sha256').update(weights).digest('hex');
  if (meta.health) meta.health.sha256 = createHash('sha256').update(modelJson).update(weights).digest('hex');
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
}

/** Edits the float32 values of the weight `name` in weights.bin, then rehashes. */
async function editWeight(dir: string, name: string, edit: (values: Float32Array) => void): Promise<void> {
  const { weightsManifest } = await readJson(path.join(dir, 'model.json'));
  const file = path.join(dir, 'weights.bin');
  const bytes = await readFile(file);
  let offset = 0;
  for (const spec of weightsManifest[0].weights as { name: string; shape: number[] }[]) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name === name) {
      edit(new Float32Array(bytes.buffer, bytes.byteOffset + offset, size));
      await writeFile(file, bytes);
      return rehash(dir);
    }
    offset += size * 4;
  }
  throw new Error(`no weight ${name}`);
}

async function problemOf(dir: string): Promise<string | undefined> {
  const predictor = await loadPredictor(dir, backend);
  predictor.dispose();
  // The package's loader (a register head read without tfjs) finds the same problem.
  assert.equal((await openPredictor(dir)).problem, predictor.problem);
  return predictor.problem;
}

const WEIGHT_NAMES = async (name: string): Promise<string[]> =>
  (await readJson(path.join(ROOT, 'models', name, 'model.json'))).weightsManifest[0].weights.map((w: { name: string }) => w.name);

describe('corrupted weights with matching hashes are flagged unhealthy', () => {
  it('the committed models are healthy', async () => {
    for (const name of ['default', 'paper-nalu']) assert.equal(await problemOf(path.join(ROOT, 'models', name)), undefined, name);
  });
  for (const model of ['default', 'paper-nalu']) {
    it(`${model}: NaN in any one weight tensor`, async () => {
      for (const name of await WEIGHT_NAMES(model)) {
        const dir = await copyOf(model);
        await editWeight(dir, name, (v) => (v[v.length - 1] = Number.NaN));
        assert.match((await problemOf(dir)) ?? 'healthy', /^weight ".+" holds a non-finite value$/, name);
      }
    });
  }
  it('+Inf in the embeddings', async () => {
    const dir = await copyOf('default');
    await editWeight(dir, 'embedding', (v) => (v[8] = Number.POSITIVE_INFINITY));
    assert.equal(await problemOf(dir), 'weight "embedding" holds a non-finite value');
  });
  it('all-zero weights', async () => {
    const dir = await copyOf('default');
    const size = (await readFile(path.join(dir, 'weights.bin'))).length;
    await writeFile(path.join(dir, 'weights.bin'), Buffer.alloc(size));
    await rehash(dir);
    assert.match((await problemOf(dir)) ?? 'healthy', /^canary "[a-z ]+" reads [-\d.e+]+ at word \d+, recorded [-\d.e+]+ \(served reading\)$/);
  });
  it('a 3e38 operand for one word', async () => {
    const dir = await copyOf('default');
    const { vocabulary } = (await readJson(path.join(dir, 'model.json'))).modelTopology.architecture;
    await editWeight(dir, 'head/operand', (v) => (v[vocabulary.indexOf('seven')] = 3e38));
    assert.match((await problemOf(dir)) ?? 'healthy', /^canary "[a-z ]*seven[a-z ]*" reads /);
  });
  it("one word's value off by one", async () => {
    const dir = await copyOf('default');
    const { vocabulary } = (await readJson(path.join(dir, 'model.json'))).modelTopology.architecture;
    // Operands are stored in hundreds (OPERAND_UNIT): +0.01 reads "nine" as 10.
    await editWeight(dir, 'head/operand', (v) => (v[vocabulary.indexOf('nine')] = (v[vocabulary.indexOf('nine')] as number) + 0.01));
    const [, read, recorded] = /^canary "[a-z ]*nine[a-z ]*" reads (\d+) at word \d+, recorded (\d+) \(served reading\)$/.exec((await problemOf(dir)) ?? 'healthy') ?? [];
    assert.equal(Number(read) - Number(recorded), 1);
  });
});

describe('a float head, and the floors', () => {
  it('paper-nalu: bit for bit on the backend it was saved on, within 1e-5 on another; a change of 1e-3 in one weight is caught on either', async () => {
    const dir = await copyOf('paper-nalu');
    const metaFile = path.join(dir, 'meta.json');
    const meta = await readJson(metaFile);
    assert.equal(meta.health.backend, backend.name);
    const last = meta.health.canaries.at(-1);
    last.running[0] *= 1 + 1e-6;
    await writeFile(metaFile, JSON.stringify(meta));
    assert.match((await problemOf(dir)) ?? 'healthy', /^canary "[a-z]+" reads [-\d.e]+ at word 1, recorded [-\d.e]+ \(served reading\)$/);
    meta.health.backend = 'another';
    await writeFile(metaFile, JSON.stringify(meta));
    assert.equal(await problemOf(dir), undefined);
    await editWeight(dir, 'head/W_hat', (v) => (v[0] = (v[0] as number) + 1e-3));
    assert.match((await problemOf(dir)) ?? 'healthy', /^canary ".+" reads .+ \(served reading\)$/);
  });
  it('a paper head that reads no validation phrase exactly is unhealthy', async () => {
    const dir = await copyOf('paper-nalu');
    const meta = await readJson(path.join(dir, 'meta.json'));
    meta.metrics.val.exact = meta.health.floor = 0;
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
    assert.equal(await problemOf(dir), 'it read 0.0 % of its validation split exactly at save: a nalu head must read some of it');
  });
  it('canaryProblem names the first value or choice not answered as recorded, and the path', () => {
    const canaries = [{ tokens: ['two', 'thousand'], running: [2, 2000], choices: { carryTo: [0, 1], implied: [0, 0] } }];
    const reading = (values: number[], carryTo: number[]) => [{ values, trace: { carryTo, implied: [0, 0] } }];
    assert.equal(canaryProblem(canaries, reading([2, 2000], [0, 1]), 0, 'tfjs forward pass'), undefined);
    assert.equal(canaryProblem(canaries, reading([2, 2000], [0, 0]), 0, 'tfjs forward pass'), 'canary "two thousand" chose carryTo 0 at word 2, recorded 1 (tfjs forward pass)');
    assert.equal(canaryProblem(canaries, reading([2, 2000.01], [0, 1]), 0, 'x'), 'canary "two thousand" reads 2000.01 at word 2, recorded 2000 (x)');
    assert.equal(canaryProblem(canaries, reading([2, 2000.01], [0, 1]), 1e-5, 'x'), undefined);
    assert.match(canaryProblem(canaries, reading([2, 2000.03], [0, 1]), 1e-5, 'x') ?? '', /reads 2000\.03 at word 2/);
  });
});

describe('model.json is checked for meaning', () => {
  /** A copy of the shipped model with `edit` applied to model.json and the hashes rewritten to match. */
  async function withModelJson(edit: (model: Json, dir: string) => Promise<void> | void): Promise<string> {
    const dir = await copyOf('default');
    const model = await readJson(path.join(dir, 'model.json'));
    await edit(model, dir);
    await writeFile(path.join(dir, 'model.json'), JSON.stringify(model));
    await rehash(dir);
    return dir;
  }
  const refused = async (dir: string, message: RegExp) => {
    const predicate = (e: Error) => message.test(e.message) && !e.message.includes('\n') && e.name === 'ModelLoadError';
    await assert.rejects(loadModel(dir), predicate);
    await assert.rejects(openPredictor(dir), predicate);
  };
  it('a weight path out of the folder is refused before it is read', async () => {
    const dir = await withModelJson(async (model, dir) => {
      await mkdir(path.join(dir, '..', 'other'));
      await cp(path.join(dir, 'weights.bin'), path.join(dir, '..', 'other', 'weights.bin'));
      model.weightsManifest[0].paths = ['../other/weights.bin'];
    });
    await refused(dir, /^model\.json: the weights path "\.\.\/other\/weights\.bin" is not a file name in the model folder$/);
  });
  for (const bad of ['/etc/passwd', 'sub/weights.bin', 'sub\\weights.bin', '..', '.', '']) {
    it(`weight path ${JSON.stringify(bad)} is refused`, async () => {
      await refused(
        await withModelJson((model) => {
          model.weightsManifest[0].paths = [bad];
        }),
        /the weights path .* is not a file name in the model folder/,
      );
    });
  }
  it('swapped weight names are refused', async () => {
    const dir = await withModelJson((model) => {
      const [a, b] = [model.weightsManifest[0].weights[1], model.weightsManifest[0].weights[4]];
      [a.name, b.name] = [b.name, a.name];
    });
    await refused(dir, /^model\.json: weight 2 is "lstm\/W_f", expected "lstm\/W_i"$/);
  });
  it('a changed dtype is refused', async () => {
    await refused(await withModelJson((model) => void (model.weightsManifest[0].weights[1].dtype = 'int32')), /^model\.json: weight "lstm\/W_i" is int32, expected float32$/);
  });
  it('a changed shape is refused', async () => {
    await refused(await withModelJson((model) => void (model.weightsManifest[0].weights[1].shape = [16, 8])), /^model\.json: weight "lstm\/W_i" has shape \[16,8\], expected \[8,16\]$/);
  });
  it('model.json is inside the hash: an edit with only the weights hash rewritten is refused', async () => {
    const dir = await copyOf('default');
    const model = await readJson(path.join(dir, 'model.json'));
    model.modelTopology.architecture.expClamp = 10;
    await writeFile(path.join(dir, 'model.json'), JSON.stringify(model));
    await refused(dir, /^the model files do not match meta\.json \(sha256 [0-9a-f]{12}…, recorded [0-9a-f]{12}…\): they are corrupt or were edited$/);
  });
});

describe('meta.json is checked for meaning', () => {
  async function withMeta(edit: (meta: Json) => void): Promise<string> {
    const dir = await copyOf('default');
    const meta = await readJson(path.join(dir, 'meta.json'));
    edit(meta);
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
    return dir;
  }
  const cases: [string, (meta: Json) => void, RegExp][] = [
    ['an unknown head', (m) => (m.head = 'banana'), /meta\.json: "head" must be one of registers, nalu, .*, got "banana"$/],
    ['a loss that is no loss', (m) => (m.loss = 'banana'), /meta\.json: "loss" must be running or final, got "banana"$/],
    ['a head that is not the network', (m) => (m.head = 'nalu'), /meta\.json: "head" is nalu, but the network in model\.json has a registers head$/],
    ['a floor that is not the validation exact share', (m) => (m.health.floor = 0.5), /meta\.json: "health\.floor" \(0\.5\) is not the validation exact share it records \(1\)$/],
    ['a word missing from the vocabulary', (m) => (m.vocabulary = m.vocabulary.filter((w: string) => w !== 'seven')), /meta\.json: "vocabulary" lacks the network's word "seven"$/],
  ];
  for (const [name, edit, message] of cases) {
    it(`${name} is refused in one line`, async () => {
      await assert.rejects(loadModel(await withMeta(edit)), (e: Error) => message.test(e.message) && !e.message.includes('\n'));
    });
  }
});
