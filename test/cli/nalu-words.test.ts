// The package as a user gets it: `npm pack`, unpacked into a temporary project (its dependencies linked
// from this checkout, so nothing is downloaded), imported from Node and its `nalu-words` command run from
// the compiled JavaScript (dist/, built by `npm run build`, which `npm test` runs first).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, tempDir } from '../helpers.ts';

const run = promisify(execFile);
let project: string;
let bin: string;

before(async () => {
  project = await tempDir('nalu-pack-');
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: ROOT });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const unpacked = path.join(project, 'node_modules', 'nalu-words');
  await mkdir(unpacked, { recursive: true });
  await run('tar', ['-xzf', path.join(project, filename), '-C', unpacked, '--strip-components=1']);
  await symlink(path.join(ROOT, 'node_modules'), path.join(unpacked, 'node_modules'), 'dir');
  await writeFile(path.join(project, 'package.json'), '{"type": "module", "private": true}\n');
  bin = path.join(unpacked, (JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['nalu-words'] as string);
});

/** Runs the packed command with `input` on stdin. */
function nalu(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: project });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('the packed package', () => {
  it('holds compiled JavaScript, its types and the shipped model, and no TypeScript sources', async () => {
    const { stdout } = await run('tar', ['-tzf', path.join(project, (await run('ls', [project])).stdout.split('\n').find((f) => f.endsWith('.tgz')) as string)]);
    const files = stdout.split('\n');
    for (const f of ['package/dist/text/index.js', 'package/dist/text/index.d.ts', 'package/dist/reading/node.js', 'package/dist/cli/nalu-words.js', 'package/models/default/weights.bin']) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.startsWith('package/src/')));
  });
  it('imports from Node: findNumbers, replaceNumbers, NumberStream, readNumber, and the Predictor from nalu-words/node', async () => {
    const script = `
      import { findNumbers, replaceNumbers, readNumber, NumberStream } from 'nalu-words';
      import { openPredictor, Predictor } from 'nalu-words/node';
      const predictor = await openPredictor();
      const [span] = findNumbers('about seven hundred and two cats', { predictor });
      const stream = new NumberStream();
      const streamed = [...stream.push('one two '), ...stream.push('dogs'), ...stream.end()].map((s) => s.exact);
      console.log(JSON.stringify({ span: [span.text, span.exact, span.reader], replaced: replaceNumbers('the twenty first of nineteen ninety nine'), read: readNumber('forty two').exact, streamed, isPredictor: predictor instanceof Predictor }));
      predictor.dispose();`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    assert.deepEqual(JSON.parse(stdout), { span: ['seven hundred and two', '702', 'network'], replaced: 'the 21st of 1999', read: '42', streamed: ['1', '2'], isPredictor: true });
  });
  it('types a TypeScript consumer: it compiles against the packed .d.ts (strict) and runs; a misuse is a type error', async () => {
    const dir = path.join(project, 'ts');
    await mkdir(dir, { recursive: true });
    const consumer = `
      import { findNumbers, readNumber, replaceNumbers, NumberStream, PhraseError, type NumberSpan, type Prediction } from 'nalu-words';
      import { openPredictor, Predictor } from 'nalu-words/node';
      const predictor: Predictor = await openPredictor();
      const spans: NumberSpan[] = findNumbers('sold two hundred and five units', { predictor, detail: 'value' });
      const first = spans[0];
      const start: number = first ? first.start : -1;
      const reading = readNumber('forty two', { predictor }) as Prediction;
      const steps: number = reading.steps.length;
      const stream = new NumberStream({ threshold: 0 });
      const streamed: string[] = [...stream.push('one '), ...stream.end()].map((s) => s.exact);
      let refused = '';
      try { readNumber('the cat'); } catch (error) { if (error instanceof PhraseError) refused = error.code; }
      console.log(JSON.stringify({ start, exact: first?.exact, steps, replaced: replaceNumbers('twenty first'), streamed, refused }));
      predictor.dispose();
    `;
    await writeFile(path.join(dir, 'consumer.ts'), consumer);
    await writeFile(path.join(dir, 'misuse.ts'), "import { findNumbers } from 'nalu-words';\nexport const n: number = findNumbers('two')[0]!.text;\n");
    // skipLibCheck as in the repo's own tsconfig: tfjs-layers' declarations fail a lib check (ours pass one).
    const tsconfig = (files: string[]) => ({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, outDir: 'out', typeRoots: [path.join(ROOT, 'node_modules', '@types')], types: ['node'] }, files });
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig(['consumer.ts'])));
    await writeFile(path.join(dir, 'tsconfig.misuse.json'), JSON.stringify({ ...tsconfig(['misuse.ts']), compilerOptions: { ...tsconfig([]).compilerOptions, noEmit: true } }));
    await writeFile(path.join(dir, 'package.json'), '{"type": "module", "private": true}\n');
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir });
    const { stdout } = await run(process.execPath, [path.join(dir, 'out', 'consumer.js')], { cwd: dir });
    assert.deepEqual(JSON.parse(stdout), { start: 5, exact: '205', steps: 2, replaced: '21st', streamed: ['1'], refused: 'unknown_word' });
    const misuse = await run(process.execPath, [tsc, '-p', 'tsconfig.misuse.json'], { cwd: dir }).then(() => undefined, (error: { stdout: string }) => error.stdout);
    assert.match(misuse ?? 'compiled', /misuse\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });
  it('nalu-words read answers with the network and the grammar beside it', async () => {
    const r = await nalu(['read', 'seven', 'hundred']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'seven\t7\t(grammar 7)\nhundred\t700\t(grammar 700)\n700\tcardinal\tnetwork\n');
    const refused = await nalu(['read', '--reader', 'grammar', 'the', 'seven']);
    assert.equal(refused.code, 1, 'a phrase with a word that is not a number word is refused');
    assert.match(refused.stderr, /^error: "the" is not a number word \(word 1\)\.\n$/);
  });
  it('nalu-words replace and extract are line filters; --json gives JSON lines', async () => {
    const input = 'we sold two hundred and five units\nin nineteen ninety nine, the one you said\n';
    const replaced = await nalu(['replace'], input);
    assert.equal(replaced.stdout, 'we sold 205 units\nin 1999, the one you said\n');
    const lines = await nalu(['extract', '--reader', 'grammar'], input);
    assert.equal(lines.stdout, '1:8-28\ttwo hundred and five\t205\tcardinal\tgrammar\n2:3-23\tnineteen ninety nine\t1999\tyear\tgrammar\n');
    const json = await nalu(['extract', '--json', '--threshold', '0'], input);
    const spans = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; text: string; exact: string; reader: string });
    assert.deepEqual(spans.map((s) => [s.line, s.text, s.exact, s.reader]), [[1, 'two hundred and five', '205', 'network'], [2, 'nineteen ninety nine', '1999', 'grammar'], [2, 'one', '1', 'network']]);
  });
  it('bad flags are one line and a non-zero exit', async () => {
    const r = await nalu(['extract', '--threshold', 'many']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--threshold <n>.*must be a number from 0 up/);
  });
});
