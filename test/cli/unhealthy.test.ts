// An unhealthy model is refused where it would answer: `predict` exits 1 with one line, the server answers
// 503 with a JSON reason on every reading route and /healthz. And no answer or page shows an absolute path,
// even for a model trained with `--data /absolute/path`.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initBackend, type BackendInfo } from '../../src/model/backend.ts';
import { loadPredictor } from '../../src/reading/load.ts';
import { createApp } from '../../src/server/app.ts';
import { ROOT, runCli, tempDir } from '../helpers.ts';

const ABSOLUTE_DATA = path.join(ROOT, 'data', 'extrapolation');
let backend: BackendInfo;
/** A register-head model trained for 3 epochs (it reads almost nothing right), from an absolute --data. */
let undertrained: string;
/** What retrain printed at the end for it. */
let report: string;

before(async () => {
  backend = await initBackend(() => undefined);
  undertrained = path.join(await tempDir(), 'three-epochs');
  const r = await runCli('retrain', ['--data', ABSOLUTE_DATA, '--out', undertrained, '--epochs', '3', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  report = r.stdout;
});

describe('a model that misses its validation target says so', () => {
  it("retrain's end report lists validation exact per form and the missed target; meta.json records them", async () => {
    assert.match(report, /\| form \(validation\) \| phrases \| exact \| at target \|\n\|---\|---:\|---:\|---\|\n\| cardinal \| 510 \| 0% \| NO \|\n\| \(train, every form\) \| \| 0\.4% \| NO \|\n/);
    assert.match(report, /VALIDATION TARGET MISSED: 0% exact overall, train 0\.4%, target 100% for the split and every form \(a reader must read every validation phrase exactly\)/);
    const meta = JSON.parse(await readFile(path.join(undertrained, 'meta.json'), 'utf8'));
    assert.deepEqual(meta.validation, { exact: 0, perForm: { cardinal: 0 }, train: 0.0035, target: 1, reason: 'a reader must read every validation phrase exactly', met: false });
  });
  it('--validation-target is checked before training', async () => {
    const r = await runCli('retrain', ['--data', ABSOLUTE_DATA, '--out', path.join(await tempDir(), 'x'), '--validation-target', '1.5']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: --validation-target must be/);
  });
});

/** The shipped model's copy with NaN weights whose hashes match (a save of broken weights). */
async function nanModel(): Promise<string> {
  const { createHash } = await import('node:crypto');
  const dir = path.join(await tempDir(), 'nan');
  await cp(path.join(ROOT, 'models', 'default'), dir, { recursive: true });
  const size = (await readFile(path.join(dir, 'weights.bin'))).length;
  const weights = Buffer.from(new Float32Array(size / 4).fill(Number.NaN).buffer);
  await writeFile(path.join(dir, 'weights.bin'), weights);
  const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
  meta.weightsSha256 = createHash('sha256').update(weights).digest('hex');
  if (meta.health) meta.health.sha256 = createHash('sha256').update(await readFile(path.join(dir, 'model.json'))).update(weights).digest('hex');
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
  return dir;
}

describe('predict refuses an unhealthy model', () => {
  it('a 3-epoch model: exit 1, one line naming the floor', async () => {
    const r = await runCli('predict', ['--model', undertrained, 'seven']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: the model "three-epochs" is unhealthy: it read 0\.0 % of its validation split exactly at save, below the 100 % a registers head must read\n$/);
  });
  it('NaN weights: exit 1; with --json the reason as JSON, never "value": null', async () => {
    const r = await runCli('predict', ['--model', await nanModel(), 'seven', '--json']);
    assert.equal(r.code, 1);
    const { error } = JSON.parse(r.stdout);
    assert.equal(error.code, 'model_unhealthy');
    assert.match(error.message, /^the model "default" is unhealthy: weight "embedding" holds a non-finite value$/);
    assert.match(r.stderr, /^error: the model "default" is unhealthy: weight "embedding" holds a non-finite value\n$/);
  });
});

describe('the server with an unhealthy model, and paths', () => {
  let server: Server;
  let base: string;
  const start = async (dir: string) => {
    const predictor = await loadPredictor(dir, backend);
    server = createApp({ predictor, modelDir: dir, log: () => undefined }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return predictor;
  };
  after(() => server?.close());

  it('retrain records the dataset relative to the repository, not as given', async () => {
    const meta = JSON.parse(await readFile(path.join(undertrained, 'meta.json'), 'utf8'));
    assert.equal(meta.dataset.path, 'data/extrapolation');
  });
  it('a 3-epoch model: 503 with a JSON reason on /healthz, the API and the page; /api/model and /model/meta.json show no absolute path', async () => {
    const predictor = await start(undertrained);
    try {
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 503);
      const body = await health.json();
      assert.equal(body.ok, false);
      assert.match(body.problem, /below the 100 % a registers head must read/);
      assert.equal(body.validationTargetMet, false);
      assert.deepEqual(body.validation.perForm, { cardinal: 0 });
      assert.match(body.warning, /^the model "three-epochs" missed its validation target: it read 0% of its validation split exactly \(cardinal 0%\) and 0\.4% of its training split, below the 100% target/);
      const reading = [
        await fetch(`${base}/api/predict?q=one`),
        await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phrase":"one"}' }),
        await fetch(`${base}/api/predict?q=one&partial=1`),
        await fetch(`${base}/api/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phrases":["one"]}' }),
        await fetch(`${base}/?q=one`),
      ];
      for (const res of reading) {
        assert.equal(res.status, 503, res.url);
        assert.equal((await res.json()).error.code, 'model_unhealthy');
      }
      for (const route of ['/api/model', '/model/meta.json']) {
        const res = await fetch(base + route);
        assert.equal(res.status, 200);
        const text = await res.text();
        assert.equal(JSON.parse(text).dataset.path, 'data/extrapolation');
        assert.ok(!text.includes(ROOT), `${route} shows ${ROOT}`);
      }
    } finally {
      server.close();
      predictor.dispose();
    }
  });
  it('an old meta.json with an absolute dataset path: shown by name at /api/model and /model/meta.json, and nowhere on the page', async () => {
    const dir = path.join(await tempDir(), 'old');
    await cp(path.join(ROOT, 'models', 'default'), dir, { recursive: true });
    const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8'));
    meta.dataset.path = '/home/someone/private/extrapolation';
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify(meta));
    const predictor = await start(dir);
    try {
      for (const route of ['/api/model', '/model/meta.json', '/?q=seven']) {
        const res = await fetch(base + route);
        assert.equal(res.status, 200, route);
        const text = await res.text();
        assert.ok(!text.includes('/home/someone'), `${route} shows the absolute path`);
        if (route.startsWith('/api') || route.startsWith('/model')) assert.equal(JSON.parse(text).dataset.path, 'extrapolation', route);
      }
    } finally {
      server.close();
      predictor.dispose();
    }
  });
});
