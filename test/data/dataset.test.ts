import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GENERATE_DEFAULTS } from '../../src/data/config.ts';
import { STYLE_NAMES } from '../../src/language/words.ts';
import { type GenerateOptions, planDataset, planSplits, readDataset, SPLIT_NAMES, writeDataset } from '../../src/data/dataset.ts';
import { readTokens } from '../../src/language/grammar.ts';
import { ROOT, runCli, tempDir } from '../helpers.ts';

const { format: _format, out: _out, ...paperOptions } = GENERATE_DEFAULTS;
const paper: GenerateOptions = paperOptions;

describe('paper split', () => {
  const splits = planSplits(paper);
  it('has 169 / 200 / 631 numbers, train holding all of 0–19', () => {
    assert.deepEqual(SPLIT_NAMES.map((s) => splits[s].length), [169, 200, 631]);
    for (let n = 0; n < 20; n++) assert.ok(splits.train.some((i) => i.value === n), `${n} in train`);
  });
  it('splits by value: every number 0–999 exactly once', () => {
    const all = SPLIT_NAMES.flatMap((s) => splits[s].map((i) => i.value)).sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 1000 }, (_, i) => i));
  });
  it('is deterministic by seed and differs across seeds', () => {
    assert.deepEqual(planSplits(paper), splits);
    assert.notDeepEqual(planSplits({ ...paper, seed: 2 }).train, splits.train);
  });
});

describe('extrapolation split', () => {
  const options: GenerateOptions = { ...paper, split: 'extrapolation', styles: [...STYLE_NAMES] };
  const splits = planSplits(options);
  const values = (items: { value: number }[]) => items.map((i) => i.value);
  it('train: at most 2,000 phrases, all below 10,000 but at most 30 bare multiples of a million', () => {
    assert.ok(splits.train.length <= 2000);
    const big = values(splits.train).filter((v) => v >= 10_000);
    assert.ok(big.length <= 30 && big.every((v) => v % 1_000_000 === 0), `${big.length} large train values`);
    for (let v = 0; v < 200; v++) assert.ok(values(splits.train).includes(v), `train holds ${v}`);
  });
  it('validation from the same range, never a train value; test ≥ 2,000 over 10⁴–10⁹, log-uniform, unseen', () => {
    const train = new Set(values(splits.train));
    assert.ok(values(splits.val).every((v) => !train.has(v) && (v < 10_000 || v % 1_000_000 === 0)));
    const test = values(splits.test);
    assert.ok(test.length >= 2000 && new Set(test).size === test.length);
    assert.ok(test.every((v) => v >= 10_000 && v <= 999_999_999 && !train.has(v)));
    // Log-uniform: each of the five decades holds about a fifth.
    for (let d = 4; d < 9; d++) {
      const share = test.filter((v) => v >= 10 ** d && v < 10 ** (d + 1)).length / test.length;
      assert.ok(share > 0.15 && share < 0.25, `decade 10^${d}: ${share}`);
    }
  });
  it('uses every phrasing, nought and naught included, and a leading one in each of its three forms', () => {
    const styles = new Set([...splits.train, ...splits.test].map((i) => i.style));
    assert.deepEqual([...styles].sort(), [...STYLE_NAMES].sort());
    assert.deepEqual(splits.train.filter((i) => i.value === 0).map((i) => i.zeroWord).sort(), ['naught', 'nought', 'zero']);
    const leading = splits.train.filter((i) => i.value >= 100 && i.value < 200);
    for (const style of ['a-hundred', 'bare-scale'] as const) {
      const share = leading.filter((i) => i.style === style).length / leading.length;
      assert.ok(share > 0.2 && share < 0.5, `${style}: ${share}`);
    }
  });
});

describe('writeDataset / readDataset', () => {
  it('writes examples with running values, a manifest, and covers every token in train', async () => {
    const dir = path.join(await tempDir(), 'paper');
    const manifest = await writeDataset(dir, planSplits(paper), paper, 'jsonl');
    assert.deepEqual(manifest.counts, { train: 169, val: 200, test: 631 });
    const ds = await readDataset(dir);
    const trainTokens = new Set(ds.splits.train.flatMap((e) => e.tokens));
    for (const word of manifest.vocabulary) assert.ok(trainTokens.has(word), `"${word}" occurs in train`);
    assert.equal(manifest.vocabulary.length, 30);
    for (const split of SPLIT_NAMES) {
      for (const e of ds.splits[split]) assert.deepEqual(readTokens(e.tokens).running, e.running);
    }
    const e777 = [...ds.splits.train, ...ds.splits.val, ...ds.splits.test].find((e) => e.value === 777);
    assert.deepEqual(e777, { phrase: 'seven hundred and seventy seven', tokens: ['seven', 'hundred', 'and', 'seventy', 'seven'], value: 777, running: [7, 700, 700, 770, 777] });
    assert.match(await readFile(path.join(dir, 'README.md'), 'utf8'), /169/);
  });
  it('same seed → byte-identical files (csv too), and the hash names the content', async () => {
    const base = await tempDir();
    const options = { ...paper, split: 'random' as const, min: 0, max: 99_999, count: 2_000, styles: ['british', 'american', 'hyphen', 'a-hundred'] as GenerateOptions['styles'] };
    const a = await writeDataset(path.join(base, 'a'), planSplits(options), options, 'csv');
    const b = await writeDataset(path.join(base, 'b'), planSplits(options), options, 'csv');
    assert.equal(a.hash, b.hash);
    for (const file of ['train.csv', 'val.csv', 'test.csv', 'manifest.json']) {
      assert.equal(await readFile(path.join(base, 'a', file), 'utf8'), await readFile(path.join(base, 'b', file), 'utf8'));
    }
    const ds = await readDataset(path.join(base, 'a'));
    assert.equal(ds.splits.train.length + ds.splits.val.length + ds.splits.test.length, 2_000);
    const values = SPLIT_NAMES.flatMap((s) => ds.splits[s].map((e) => e.value));
    assert.equal(new Set(values).size, 2_000, 'no number in two splits');
    const other = await writeDataset(path.join(base, 'c'), planSplits({ ...options, seed: 9 }), { ...options, seed: 9 }, 'csv');
    assert.notEqual(other.hash, a.hash);
  });
  it('a corrupt line is reported with file and line number', async () => {
    const dir = path.join(await tempDir(), 'bad');
    await writeDataset(dir, planSplits(paper), paper, 'jsonl');
    await writeFile(path.join(dir, 'val.jsonl'), '{"phrase":"one","tokens":["one"],"value":1,"running":[1]}\nnot json\n');
    await assert.rejects(readDataset(dir), /val\.jsonl line 2/);
  });
});

describe('generate CLI', () => {
  it('writes the paper split by default', async () => {
    const out = path.join(await tempDir(), 'd');
    const r = await runCli('generate', ['--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /train 169, val 200, test 631/);
    assert.deepEqual((await readdir(out)).sort(), ['README.md', 'manifest.json', 'test.jsonl', 'train.jsonl', 'val.jsonl']);
  });
  it('--forms mixes the forms in a dataset whose files carry the exact values', async () => {
    const out = path.join(await tempDir(), 'd');
    const r = await runCli('generate', ['--out', out, '--split', 'random', '--max', '9999', '--count', '400', '--forms', 'cardinal,ordinal,negative,decimal,fraction,year,digits']);
    assert.equal(r.code, 0, r.stderr);
    const examples = (await readFile(path.join(out, 'train.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { tokens: string[]; value: number; form?: string; exact?: string; runningExact?: string[] });
    // A negative is a cardinal (form "cardinal" written out); a plain cardinal has no form field, as before.
    assert.deepEqual([...new Set(examples.map((e) => e.form ?? 'cardinal'))].sort(), ['cardinal', 'decimal', 'digits', 'fraction', 'ordinal', 'year']);
    assert.ok(examples.some((e) => e.form === 'cardinal' && e.value < 0 && ['minus', 'negative'].includes(e.tokens[0] as string)), 'negatives');
    for (const e of examples.filter((x) => x.exact !== undefined)) assert.equal(e.runningExact?.at(-1), e.exact, e.tokens.join(' '));
    assert.ok(examples.some((e) => e.exact?.includes('/')), 'a fraction no JSON number holds is written exactly');
  });
  const bad: [string[], RegExp][] = [
    [['--min', '10', '--max', '5'], /--min \(10\) must not be larger than --max \(5\)/],
    [['--max', '99', '--count', '500'], /--count 500 is larger than the 100 numbers/],
    [['--styles', 'british,pirate'], /--styles: unknown value "pirate"/],
    [['--out', 'A_FILE/sub'], /--out: cannot write to .* is not a folder/],
    [['--split', 'paper', '--max', '50'], /--max needs --split random/],
    [['--seed', 'abc'], /--seed must be an integer/],
    [['--format', 'xml'], /--format must be one of jsonl, csv/],
    [['--split', 'extrapolation-forms', '--format', 'csv'], /--format csv cannot carry the exact values of --split extrapolation-forms/],
    [['--split', 'extrapolation-forms', '--forms', 'ordinal'], /--forms does not apply to --split extrapolation-forms/],
    [['--year-roles', 'cover'], /--year-roles cover applies to --split extrapolation only/],
    [['--split', 'extrapolation', '--year-roles', 'cover'], /--year-roles cover needs --forms with year/],
    [['--split', 'extrapolation', '--digit-zero', 'both'], /--digit-zero both needs --forms with digits/],
    [['--ordinal-roles', 'cover', '--forms', 'ordinal'], /--ordinal-roles cover applies to --split extrapolation only/],
    [['--split', 'extrapolation', '--ordinal-roles', 'cover'], /--ordinal-roles cover needs --forms with ordinal/],
    [['--split', 'extrapolation-forms', '--digit-zero', 'both'], /--digit-zero does not apply to --split extrapolation-forms/],
  ];
  for (const [args, message] of bad) {
    it(`exits non-zero with one line for ${args.join(' ')}`, async () => {
      const dir = await tempDir();
      await writeFile(path.join(dir, 'a-file'), 'not a folder');
      const out = args.includes('--out') ? [] : ['--out', path.join(dir, 'x')];
      const r = await runCli('generate', [...args.map((a) => a.replace('A_FILE', path.join(dir, 'a-file'))), ...out]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }
  describe('--out never deletes what generate did not write', () => {
    /** A stand-in for a user's clone: .git, a source file, a thesis and a dataset of ours. */
    async function clone(): Promise<string> {
      const dir = path.join(await tempDir(), 'clone');
      await mkdir(path.join(dir, '.git'), { recursive: true });
      await mkdir(path.join(dir, 'notes'));
      await writeFile(path.join(dir, 'package.json'), '{}');
      await writeFile(path.join(dir, 'notes', 'thesis.txt'), 'years of work');
      return dir;
    }
    const everything = async (dir: string) => (await readdir(dir, { recursive: true })).sort();
    for (const [out, cwd, message] of [
      ['.', '', /--out: refusing to write a dataset to "\.": it is the working folder or holds it/],
      ['..', 'notes', /--out: refusing to write a dataset to "\.\.": it is the working folder or holds it/],
      ['notes', '', /--out: refusing to replace "notes": it holds "thesis\.txt", which is not part of a dataset; .*--force/],
    ] as const) {
      it(`--out ${out} (in ${cwd || 'the clone'}) is refused in one line, exit 1, and the clone is untouched`, async () => {
        const dir = await clone();
        const before = await everything(dir);
        const r = await runCli('generate', ['--out', out], { cwd: path.join(dir, cwd) });
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.deepEqual(await everything(dir), before);
      });
    }
    it('--force replaces a folder that is not ours, but never one with .git', async () => {
      const dir = await clone();
      const forced = await runCli('generate', ['--out', 'notes', '--force'], { cwd: dir });
      assert.equal(forced.code, 0, forced.stderr);
      assert.deepEqual((await readdir(path.join(dir, 'notes'))).sort(), ['README.md', 'manifest.json', 'test.jsonl', 'train.jsonl', 'val.jsonl']);
      const git = await runCli('generate', ['--out', path.join(dir), '--force'], { cwd: path.join(dir, 'notes') });
      assert.equal(git.code, 1);
      assert.match(git.stderr, /it is the working folder or holds it|it holds a \.git folder/);
      const inner = path.join(dir, 'notes', 'sub');
      await mkdir(path.join(inner, '.git'), { recursive: true });
      const sub = await runCli('generate', ['--out', inner, '--force']);
      assert.equal(sub.code, 1);
      assert.match(sub.stderr, /--out: refusing to write a dataset to ".*sub": it holds a \.git folder/);
    });
    it('a dataset of ours is replaced; a model folder is not a dataset', async () => {
      const dir = await tempDir();
      const out = path.join(dir, 'd');
      assert.equal((await runCli('generate', ['--out', out, '--seed', '2'])).code, 0);
      const again = await runCli('generate', ['--out', out, '--seed', '3']);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')).seed, 3);
      const model = path.join(dir, 'model');
      await cp(path.join(ROOT, 'models', 'default'), model, { recursive: true });
      const r = await runCli('generate', ['--out', model]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /it holds "meta\.json", which is not part of a dataset/);
      assert.deepEqual((await readdir(model)).sort(), ['meta.json', 'model.json', 'weights.bin']);
    });
  });
  it('an interrupted run leaves neither the output folder nor a partial one', async () => {
    const base = await tempDir();
    const out = path.join(base, 'big');
    const r = await runCli('generate', ['--max', '999999999', '--count', '2000000', '--out', out], {
      onStart: (child) => {
        // Interrupt once writing is under way: the progress bar's first line.
        child.stderr?.once('data', () => child.kill('SIGINT'));
      },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted: nothing written/);
    assert.deepEqual(await readdir(base), []);
  });
});

describe('paper-rule splits in memory', () => {
  it('seed 1 is data/paper, byte for byte (same hash); other seeds draw other splits of the same sizes', async () => {
    const committed = await readDataset('data/paper');
    const planned = planDataset({ ...GENERATE_DEFAULTS, split: 'paper', seed: 1 });
    assert.equal(planned.manifest.hash, committed.manifest.hash);
    const other = planDataset({ ...GENERATE_DEFAULTS, split: 'paper', seed: 2 });
    assert.deepEqual(other.manifest.counts, { train: 169, val: 200, test: 631 });
    assert.notEqual(other.manifest.hash, committed.manifest.hash);
  });
});
