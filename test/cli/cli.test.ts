// The evaluate and predict CLIs on the shipped model, as a user runs them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldSpec } from '../../src/common/config.ts';
import { GENERATE_FIELDS } from '../../src/data/config.ts';
import { CONFIG_VERSION, TRAIN_FIELDS } from '../../src/training/config.ts';
import { readTokens } from '../../src/language/grammar.ts';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, runCli, tempDir } from '../helpers.ts';

/** A real trained model with known misses (the forms research model of 2026-12-02, trained on other data than data/extrapolation). */
const WITH_MISSES = 'test/fixtures/model-with-misses';

describe('every CLI speaks plainly', () => {
  const clis = ['generate', 'retrain', 'evaluate', 'predict', 'serve', 'experiment', 'experiment-extrapolation', 'tune', 'migrate-model'];
  for (const cli of clis) {
    it(`${cli}: an unknown flag is one line naming it and pointing to --help`, async () => {
      const r = await runCli(cli, ['--no-such-flag', 'x']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: unknown option '--no-such-flag'.* \(see --help\)\n$/);
    });
  }
  const allowed = (spec: FieldSpec) => ('choices' in spec ? spec.choices.join(', ') : assert.fail('not a choice'));
  for (const [cli, fields] of [['retrain', { head: TRAIN_FIELDS.head, objective: TRAIN_FIELDS.objective, schedule: TRAIN_FIELDS.schedule }], ['generate', { format: GENERATE_FIELDS.format, split: GENERATE_FIELDS.split }]] as const) {
    it(`${cli} --help lists the allowed values of ${Object.keys(fields).join(', ')}`, async () => {
      const r = await runCli(cli, ['--help']);
      assert.equal(r.code, 0, r.stderr);
      const options = r.stdout.replace(/\s+/g, ' ').split(' --');
      for (const [key, spec] of Object.entries(fields)) {
        const line = options.find((o) => o.startsWith(`${key} <value> `)) ?? assert.fail(`no --${key}`);
        assert.ok(line.includes(`(one of ${allowed(spec)}; default:`), line);
      }
    });
  }
});

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
  it('--misses lists the test phrases it got wrong with both readings; exact-% is printed unrounded; no paper rows off the paper split', async () => {
    // models/default reads every extrapolation test phrase; WITH_MISSES (trained on other data) misses a few.
    const args = ['--model', WITH_MISSES, '--data', 'data/extrapolation', '--misses', '5'];
    const r = await runCli('evaluate', args);
    assert.equal(r.code, 0, r.stderr);
    const exact = /\| exact after rounding \| ([\d.]+%) \| ([\d.]+%) \| ([\d.]+%) \|/.exec(r.stdout);
    assert.ok(exact, r.stdout);
    const json = JSON.parse((await runCli('evaluate', [...args, '--json'])).stdout);
    const test = json.metrics.test as { n: number; exact: number };
    assert.ok(test.exact < 1 && test.exact > 0.99, `${WITH_MISSES} misses a few extrapolation test phrases: ${test.exact}`);
    assert.notEqual(exact[3], '100.0%');
    assert.equal(Number(exact[3]?.slice(0, -1)).toFixed(6), (test.exact * 100).toFixed(6));
    const misses = json.misses as { phrase: string; network: number; grammar: number }[];
    assert.equal(misses.length, Math.min(5, Math.round(test.n * (1 - test.exact))));
    for (const m of misses) {
      assert.notEqual(m.network, m.grammar);
      assert.equal(m.grammar, readTokens(m.phrase.split(' ')).value);
      assert.ok(r.stdout.includes(`| ${m.phrase} | ${m.network} | ${m.grammar} |`), m.phrase);
    }
    assert.doesNotMatch(r.stdout, /paper/i);
  });
  it('--misses on a model that reads every test phrase says so', async () => {
    const r = await runCli('evaluate', ['--misses', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /The network read all 631 test phrases right\./);
  });
  it('the shipped model reads every extrapolation test phrase (values to 10^9 after training below 10,000)', async () => {
    const r = await runCli('evaluate', ['--data', 'data/extrapolation', '--misses', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /The network read all 2000 test phrases right\./);
  });
  it('--uniform reads fresh cardinals uniform over 0…999,999,999: the shipped model all, a model with misses not all; a bad count, a seed without a count or a model without the words is one line', async () => {
    const shipped = JSON.parse((await runCli('evaluate', ['--data', 'data/extrapolation', '--uniform', '3000', '--json'])).stdout);
    assert.deepEqual([shipped.uniform.n, shipped.uniform.seed, shipped.uniform.exact], [3000, 42, 1]);
    const forms = await runCli('evaluate', ['--model', WITH_MISSES, '--data', 'data/extrapolation', '--uniform', '3000', '--uniform-seed', '19']);
    const line = /uniform-range check \(3000 cardinals uniform over 0…999,999,999, six styles, seed 19\): (\d+) of 3000 exact \([\d.]+%\), (\d+) wrong/.exec(forms.stdout);
    assert.ok(line, forms.stdout);
    assert.ok(Number(line[1]) < 3000 && Number(line[1]) + Number(line[2]) === 3000, line[0]);
    for (const [args, message] of [
      [['--uniform', '0'], /^error: --uniform must be a whole number 1–1000000, got "0"$/m],
      [['--uniform-seed', '3'], /^error: --uniform-seed needs --uniform N/m],
      [['--model', 'models/paper-nalu', '--uniform', '10'], /^error: --uniform reads cardinals to 999,999,999: model models\/paper-nalu was not trained on the word "million"$/m],
    ] as const) {
      const bad = await runCli('evaluate', [...args]);
      assert.equal(bad.code, 1, args.join(' '));
      assert.match(bad.stderr, message);
      assert.doesNotMatch(bad.stderr, /\n\s+at /);
    }
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
    assert.match(r.stdout, /value 42 \(network [\d.]+\), grammar 42 \(cardinal\)\nReads forty two as 42 — a whole number\.\n/);
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
    assert.match(table.stdout, /value 1905 \(year\), read by the grammar alone\nReads nineteen oh five as 1905 — a year\.\n/);
    // Digit grouping, a mixed fraction and an ordinal suffix, each with the exact string beside it.
    for (const [phrase, line] of [
      ['nine quintillion eight hundred and one', 'value 9,000,000,000,000,000,801 = 9000000000000000801 (cardinal)'],
      ['two and two thirds', 'value 2⅔ = 8/3 (fraction)'],
      ['minus three point one four', 'value -3.14 (decimal, negative)'],
      ['twenty first', 'value 21st = 21 (ordinal)'],
      ['zero eight', 'value 08 = 8 (digits)'],
    ] as const) {
      const shown = await runCli('predict', ['--reader', 'grammar', phrase]);
      assert.ok(shown.stdout.includes(`${line}, read by the grammar alone\n`), shown.stdout);
    }
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
    assert.equal(meta.configVersion, CONFIG_VERSION);
    assert.deepEqual(Object.keys(meta.hyperparameters), Object.keys(TRAIN_FIELDS), 'the full configuration');
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
    it('the working folder (models/, with the shipped models) is refused even with --force', async () => {
      const shipped = async () => (await readdir(path.join(ROOT, 'models'))).filter((n) => !n.startsWith('.')).sort();
      const before = await shipped();
      assert.ok(before.includes('default') && before.includes('paper-nalu'), before.join(', '));
      const r = await runCli('retrain', ['--out', '.', '--force', '--quiet'], { cwd: path.join(ROOT, 'models') });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /--out: refusing to write a model to "\.": it is the working folder or holds it/);
      assert.deepEqual(await shipped(), before);
    });
  });
  it('a bad flag is a one-line error naming it', async () => {
    const r = await runCli('retrain', ['--learning-rate', 'fast']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--learning-rate must be a number, got "fast"/);
  });
  it('a flag the head does not read is a one-line error naming the heads that do', async () => {
    const r = await runCli('retrain', ['--sparsity', '0.1']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: --sparsity applies to nau, nmu, nau-nmu; not registers\n');
  });
});

describe('generate CLI', () => {
  it('a --count too small for the splits is a clear error, and nothing is written', async () => {
    const base = await tempDir();
    const r = await runCli('generate', ['--count', '5', '--out', path.join(base, 'tiny')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: --count 5 is too small: with --train-fraction 0.8 and --val-fraction 0.1 the test split would be empty (train 4, val 1, test 0)\n');
    assert.deepEqual(await readdir(base), []);
  });
});
