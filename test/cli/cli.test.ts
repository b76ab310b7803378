// The evaluate and predict CLIs on the shipped model, as a user runs them.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, runCli, tempDir } from '../helpers.ts';

describe('evaluate CLI on the shipped model', () => {
  it('meets the targets on the paper split: test MAE ≤ 0.05, 100% exact, per-token MAE ≤ 1', async () => {
    const r = await runCli('evaluate', ['--model', 'models/default', '--data', 'data/paper', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { metrics, head } = JSON.parse(r.stdout);
    assert.equal(head, 'registers');
    assert.equal(metrics.test.n, 631);
    assert.ok(metrics.test.mae <= 0.05, `test MAE ${metrics.test.mae}`);
    assert.equal(metrics.test.exact, 1);
    assert.ok(metrics.test.runningMae <= 1, `running MAE ${metrics.test.runningMae}`);
    assert.ok(metrics.val.mae <= 0.41 && metrics.train.mae <= 0.41);
  });
  it('prints the table with the paper beside it', async () => {
    const r = await runCli('evaluate', []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\| MAE \(final value\) \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    assert.match(r.stdout, /paper: LSTM \+ NALU MAE, final-value protocol: not comparable \| 0\.12 \| 0\.39 \| 0\.41/);
  });
  it('a missing model folder is a one-line error', async () => {
    const r = await runCli('evaluate', ['--model', 'models/does-not-exist']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: cannot read .*does-not-exist/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});

describe('predict CLI', () => {
  it('reads a phrase with typos token by token', async () => {
    const r = await runCli('predict', ['sevn hundered and seventy-seven', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.deepEqual(p.tokens.map((t: { normalized: string }) => t.normalized), ['seven', 'hundred', 'and', 'seventy', 'seven']);
    assert.deepEqual(p.tokens.filter((t: { corrected: boolean }) => t.corrected).map((t: { text: string }) => t.text), ['sevn', 'hundered']);
    assert.deepEqual(p.steps.map((s: { reference: number }) => s.reference), [7, 700, 700, 770, 777]);
    p.steps.forEach((s: { value: number; reference: number }) => assert.ok(Math.abs(s.value - s.reference) < 0.5, `${s.value} vs ${s.reference}`));
    assert.equal(p.rounded, 777);
    assert.equal(p.reference, 777);
  });
  it('prints a readable table', async () => {
    const r = await runCli('predict', ['forty', 'two']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^forty\s+40\.000\s+40\s+\+ 40$/m);
    assert.match(r.stdout, /^two\s+42\.000\s+42\s+\+ 2$/m);
    assert.match(r.stdout, /value 42 \(network [\d.]+\), grammar 42/);
  });
  for (const [phrase, message] of [
    ['banana', /"banana" is not a number word \(word 1\)/],
    ['seventy eleven', /"eleven" cannot follow "seventy" \(word 2\)/],
    ['five thousand thousand', /"thousand" cannot follow a "thousand" group \(word 3\)/],
    ['5 hundred', /the model "default" was not trained on the word "5"; the grammar reads it as 500 \(word 1\)/],
    ['for', /"for" is an English word, not a number word \(word 1\); did you mean "four"\?/],
  ] as const) {
    it(`"${phrase}" exits 1 with a clear message`, async () => {
      const r = await runCli('predict', [phrase]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }
  it('--reader grammar reads any form with the grammar alone, exactly', async () => {
    const r = await runCli('predict', ['--reader', 'grammar', '--json', 'two and a half million']);
    assert.equal(r.code, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as { reader: string; exact: string; form: string; steps: { exact: string }[] };
    assert.deepEqual([answer.reader, answer.exact, answer.form], ['grammar', '2500000', 'fraction']);
    assert.deepEqual(answer.steps.map((s) => s.exact), ['2', '2', '2', '2.5', '2500000']);
    const table = await runCli('predict', ['--reader', 'grammar', 'nineteen oh five']);
    assert.match(table.stdout, /value 1905 \(year\), read by the grammar alone/);
    const bad = await runCli('predict', ['--reader', 'robot', 'five']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--reader must be network or grammar, got "robot"/);
  });
});

describe('retrain CLI', () => {
  it('Ctrl-C stops cleanly and saves the best model so far, atomically', async () => {
    const { tempDir } = await import('../helpers.ts');
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const base = await tempDir();
    const out = path.join(base, 'interrupted');
    let sent = false;
    const r = await runCli('retrain', ['--out', out, '--epochs', '300'], {
      onStart: (child) => {
        let seen = '';
        child.stderr?.on('data', (d) => {
          seen += d;
          // Interrupt once a few epochs have finished.
          if (!sent && /epoch ([3-9]|\d\d+)\//.test(seen)) {
            sent = true;
            // Twice at once, as when a wrapper (npm, tsx) relays the terminal's Ctrl-C: still one press.
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGINT'), 10);
          }
        });
      },
    });
    assert.ok(sent, 'the progress bar reported epochs');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /SIGINT: stopping training; the best model so far will be saved/);
    assert.match(r.stdout, /saved .*interrupted, best so far/);
    assert.deepEqual((await readdir(base)).sort(), ['interrupted']);
    const meta = JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8'));
    assert.equal(meta.stoppedBy, 'interrupted');
    assert.ok(meta.epochsRun < 300 && meta.bestEpoch >= 1);
    assert.equal(meta.hyperparameters.head, 'registers');
    assert.equal(meta.dataset.hash, JSON.parse(await readFile('data/extrapolation/manifest.json', 'utf8')).hash);
  });
  describe('--out is checked before training, and never replaces what retrain did not write', () => {
    for (const [what, setup, message] of [
      ['a folder with a user file', async (dir: string) => writeFile(path.join(dir, 'out', 'thesis.txt'), 'years of work'), /--out: refusing to replace .*: it holds "thesis\.txt", which is not part of a model; .*--force/],
      ['a dataset folder', async (dir: string) => cp(path.join(ROOT, 'data', 'paper'), path.join(dir, 'out'), { recursive: true }), /--out: refusing to replace .*: it holds "README\.md", which is not part of a model/],
      ['a folder below a file', async (dir: string) => writeFile(path.join(dir, 'out', 'file'), 'x'), /--out: cannot write to .*: ".*file" is not a folder/],
    ] as const) {
      it(`${what}: one line, exit 1, no epoch run, nothing changed`, async () => {
        const dir = await tempDir();
        await mkdir(path.join(dir, 'out'));
        await setup(dir);
        const before = (await readdir(path.join(dir, 'out'))).sort();
        const target = what === 'a folder below a file' ? path.join(dir, 'out', 'file', 'model') : path.join(dir, 'out');
        const r = await runCli('retrain', ['--out', target, '--quiet']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.deepEqual((await readdir(path.join(dir, 'out'))).sort(), before);
      });
    }
    it('the working folder (models/, with both shipped models) is refused even with --force', async () => {
      const r = await runCli('retrain', ['--out', '.', '--force', '--quiet'], { cwd: path.join(ROOT, 'models') });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /--out: refusing to write a model to "\.": it is the working folder or holds it/);
      assert.deepEqual((await readdir(path.join(ROOT, 'models'))).filter((n) => !n.startsWith('.')).sort(), ['default', 'paper-nalu']);
    });
  });
  it('a bad flag is a one-line error naming it', async () => {
    const r = await runCli('retrain', ['--learning-rate', 'fast']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--learning-rate must be a number, got "fast"/);
  });
});

describe('serve CLI', () => {
  it('an empty PORT is an error, not a random port', async () => {
    const r = await runCli('serve', [], { env: { PORT: '' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: --port \(or PORT\) must be a whole number 0–65535, got ""$/m);
  });
  it('a port in use is a one-line error, and "listening" is never said', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const r = await runCli('serve', ['--port', String((taken.address() as AddressInfo).port)]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/m);
      assert.doesNotMatch(r.stdout, /listening/);
    } finally {
      taken.close();
    }
  });
  it('--workers 2 serves from two processes and stops them all on SIGTERM', async () => {
    let port = 0;
    let answered: unknown;
    const r = await runCli('serve', ['--port', '0', '--workers', '2'], {
      onStart: (child) => {
        let seen = '';
        child.stdout?.on('data', async (d) => {
          seen += d;
          const match = /2 workers listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
          if (!match || port) return;
          port = Number(match[1]);
          answered = await (await fetch(`http://127.0.0.1:${port}/api/predict?q=one`)).json();
          child.kill('SIGTERM');
        });
      },
    });
    assert.ok(port > 0, r.stdout + r.stderr);
    assert.equal((answered as { reference: number }).reference, 1);
    assert.equal(r.code, 0, r.stderr);
  });
});
