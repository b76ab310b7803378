// `npm --prefix bench/peers ci` once, then `npx tsx bench/peers/run.ts [--out results.json]` from the repo root:
// every peer parser and nalu-words on every suite of cases/ (one number per phrase) and text/ (numbers in
// running text), scored against the peers' own expectations, and timed in the same process. Prints markdown.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matches, parseExact, type Answer, type MatchOptions, type Rational } from './exact.ts';
import { loadNalu, type Span } from './nalu.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/**
 * Timing: each peer reads a suite again until this much time has passed (at least once); `--ms N` for
 * longer, steadier figures (the first read, with its one-time costs, then weighs less).
 */
const msIndex = process.argv.indexOf('--ms');
const TIME_MS = msIndex > 0 ? Number(process.argv[msIndex + 1]) : 150;
if (!(TIME_MS > 0)) throw new Error('--ms needs a number of milliseconds');

interface Case {
  input: string;
  expected: string | null;
  form: string;
}
interface TextCase {
  text: string;
  expected: { text: string; exact: string; start: number; end: number; ordinal?: boolean }[];
}

interface Peer {
  name: string;
  version: string;
  /** How its answers are matched (compromise rounds fractions to 3 decimals). */
  match?: MatchOptions;
  /** One answer per phrase; `form` lets a peer with separate models pick one (Recognizers' OrdinalModel). */
  read(phrases: readonly Case[]): Answer[];
  /** Numbers found in running text, or undefined where the peer has no such mode. */
  find?(text: string): Span[];
  note: string;
}

/** The installed version (package.json files are read directly: compromise does not export its own). */
function version(pkg: string): string {
  return (JSON.parse(readFileSync(join(HERE, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A peer answer that threw counts as no answer (wrong unless no number was expected). */
function guarded<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

// The peers are imported by name at run time: they live in bench/peers/node_modules, which the root
// install (and so the root typecheck) never sees. These are the parts of their APIs the harness uses.
type Recognized = { start: number; end: number; resolution?: { value?: string } };
interface RecognizerModel {
  parse(text: string): Recognized[];
}
interface PeerModules {
  wordsToNumbers: (text: string) => number | string | null | undefined;
  numbered: { parse(text: string): number };
  nlp: (text: string) => { numbers(): { get(): number[]; json(options: { offset: true }): { offset: { start: number; length: number }; number: { num: number } }[] } };
  number: RecognizerModel;
  ordinal: RecognizerModel;
}

async function importPeer(name: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch {
    throw new Error(`the peer "${name}" is not installed: run \`npm --prefix bench/peers ci\` first`);
  }
}

async function peerModules(): Promise<PeerModules> {
  const wtn = await importPeer('words-to-numbers');
  const recognizers = (await importPeer('@microsoft/recognizers-text-number')) as {
    NumberRecognizer: new (culture: string) => { getNumberModel(): RecognizerModel; getOrdinalModel(): RecognizerModel };
    Culture: { English: string };
  };
  // One recognizer for the run, as a program reading many phrases would keep it (the one-call
  // recognizeNumber of the suite builds a new one per call, about 2.5× slower).
  const recognizer = new recognizers.NumberRecognizer(recognizers.Culture.English);
  return {
    wordsToNumbers: wtn.wordsToNumbers as PeerModules['wordsToNumbers'],
    numbered: (await importPeer('numbered')).default as PeerModules['numbered'],
    nlp: (await importPeer('compromise')).default as PeerModules['nlp'],
    number: recognizer.getNumberModel(),
    ordinal: recognizer.getOrdinalModel(),
  };
}

function recognizerValue(r: Recognized): Answer {
  return r.resolution?.value ?? null;
}

function peers(m: PeerModules): Peer[] {
  const compromiseNumbers = (text: string): Span[] =>
    m.nlp(text).numbers().json({ offset: true }).map((j) => ({ start: j.offset.start, end: j.offset.start + j.offset.length, value: j.number.num }));
  // words-to-numbers returns a number for a lone number, else the text with numbers replaced (no spans).
  const wtnNumbers = (text: string): Span[] => {
    const out = m.wordsToNumbers(text);
    if (typeof out === 'number') return [{ value: out }];
    if (out === null || out === undefined) return [];
    return [...String(out).matchAll(/[-+]?\d+(?:\.\d+)?/g)].map((match) => ({ value: match[0].replace(/^\+/, '') }));
  };
  return [
    {
      name: 'words-to-numbers',
      version: version('words-to-numbers'),
      note: 'wordsToNumbers(phrase): a number, or a string that is one numeral',
      read: (cases) =>
        cases.map((c) =>
          guarded(() => {
            const out = m.wordsToNumbers(c.input);
            if (typeof out === 'number') return out;
            return typeof out === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(out) ? out.trim() : null;
          }, null),
        ),
      find: (text) => guarded(() => wtnNumbers(text), []),
    },
    {
      name: 'numbered',
      version: version('numbered'),
      note: 'numbered.parse(phrase); no text mode (it sums every number word)',
      read: (cases) => cases.map((c) => guarded(() => m.numbered.parse(c.input), null)),
    },
    {
      name: 'compromise',
      version: version('compromise'),
      match: { decimals: 3 },
      note: "nlp(phrase).numbers().get()[0] (its own tests' convention); it rounds fractions to 3 decimals, accepted as right",
      read: (cases) => cases.map((c) => guarded(() => m.nlp(c.input).numbers().get()[0] ?? null, null)),
      find: (text) => guarded(() => compromiseNumbers(text), []),
    },
    {
      name: 'recognizers-text',
      version: version('@microsoft/recognizers-text-number'),
      note: 'NumberModel (OrdinalModel for ordinal cases), first result; text: both models, ordinals not inside a number',
      read: (cases) =>
        cases.map((c) =>
          guarded(() => {
            const first = (c.form === 'ordinal' ? m.ordinal : m.number).parse(c.input)[0];
            return first ? recognizerValue(first) : null;
          }, null),
        ),
      find: (text) =>
        guarded(() => {
          const numbers: Span[] = m.number.parse(text).map((r) => ({ start: r.start, end: r.end + 1, value: recognizerValue(r) }));
          const ordinals = m.ordinal
            .parse(text)
            .map((r) => ({ start: r.start, end: r.end + 1, value: recognizerValue(r), ordinal: true }))
            .filter((o) => !numbers.some((n) => o.start < (n.end as number) && (n.start as number) < o.end));
          return [...numbers, ...ordinals].sort((a, b) => (a.start as number) - (b.start as number));
        }, []),
    },
  ];
}

function load<T>(dir: string): Map<string, T[]> {
  const suites = new Map<string, T[]>();
  for (const file of readdirSync(join(HERE, dir)).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(HERE, dir, file), 'utf8').split('\n').filter(Boolean);
    suites.set(file.replace(/\.jsonl$/, ''), lines.map((l) => JSON.parse(l) as T));
  }
  return suites;
}

/**
 * Runs `f` once for the answers, then again until TIME_MS has passed; items per second over all runs, of
 * wall time and of this process's CPU time (on a shared machine the wall figure also measures what other
 * processes took; the CPU figure does not).
 */
function timed<T>(items: number, f: () => T): { result: T; perSecond: number; perCpuSecond: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = f();
  let runs = 1;
  while (performance.now() - start < TIME_MS) {
    f();
    runs++;
  }
  const used = process.cpuUsage(cpu);
  return { result, perSecond: (items * runs) / ((performance.now() - start) / 1000), perCpuSecond: (items * runs) / ((used.user + used.system) / 1e6) };
}

function correct(expected: Rational | null, answer: Answer, options?: MatchOptions): boolean {
  if (expected === null) return answer === null || answer === undefined;
  return matches(expected, answer, options);
}

/** Span ends compare after trimming the peer's trailing spaces and punctuation ("first," → "first"). */
function trimmedEnd(text: string, span: Span): number | undefined {
  if (span.start === undefined || span.end === undefined) return undefined;
  let end = span.end;
  while (end > span.start && /[\s,.;:!?]/.test(text[end - 1] as string)) end--;
  return end;
}

interface TextScore {
  values: number;
  spans: number | null;
  total: number;
  mbPerSecond: number;
  mbPerCpuSecond: number;
}

function scoreText(cases: TextCase[], find: (text: string) => Span[], match?: MatchOptions): TextScore {
  const bytes = cases.reduce((sum, c) => sum + Buffer.byteLength(c.text), 0);
  const { result, perSecond, perCpuSecond } = timed(bytes, () => cases.map((c) => find(c.text)));
  let values = 0;
  let spans = 0;
  let withSpans = true;
  result.forEach((found, i) => {
    const c = cases[i] as TextCase;
    const sameValues = found.length === c.expected.length && c.expected.every((e, k) => matches(parseExact(e.exact) as Rational, found[k]?.value, match));
    if (!sameValues) return;
    values++;
    if (found.some((f) => f.start === undefined)) withSpans = false;
    else if (c.expected.every((e, k) => e.start === found[k]?.start && e.end === trimmedEnd(c.text, found[k] as Span))) spans++;
  });
  return { values, spans: withSpans ? spans : null, total: cases.length, mbPerSecond: perSecond / 1e6, mbPerCpuSecond: perCpuSecond / 1e6 };
}

async function main() {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  if (outIndex > 0 && !out) throw new Error('--out needs a path');
  const suites = load<Case>('cases');
  const texts = load<TextCase>('text');
  const nalu = await loadNalu();
  const all: Peer[] = [
    ...peers(await peerModules()),
    { name: 'nalu-words grammar', version: 'worktree', note: 'reader=grammar: the grammar alone', read: (cases) => nalu.grammar(cases.map((c) => c.input)), find: nalu.findNumbers },
    { name: 'nalu-words network', version: 'worktree', note: `the network (${nalu.model}), batched`, read: (cases) => nalu.network(cases.map((c) => c.input)), find: nalu.findNumbers },
  ];

  type Score = { correct: number; total: number; perSecond: number };
  const bySuite: Record<string, Record<string, Score>> = {};
  const byForm: Record<string, Record<string, { correct: number; total: number }>> = {};
  const answers: Record<string, { input: string; expected: string | null; form: string; answers: Record<string, string | null> }[]> = {};
  for (const [suite, cases] of suites) {
    const expected = cases.map((c) => (c.expected === null ? null : (parseExact(c.expected) as Rational)));
    answers[suite] = cases.map((c) => ({ input: c.input, expected: c.expected, form: c.form, answers: {} }));
    for (const peer of all) {
      const { result, perSecond } = timed(cases.length, () => peer.read(cases));
      let right = 0;
      result.forEach((answer, i) => {
        const c = cases[i] as Case;
        const ok = correct(expected[i] as Rational | null, answer, peer.match);
        if (ok) right++;
        const form = ((byForm[c.form] ??= {})[peer.name] ??= { correct: 0, total: 0 });
        form.total++;
        if (ok) form.correct++;
        (answers[suite] as { answers: Record<string, string | null> }[])[i]!.answers[peer.name] = answer === null || answer === undefined ? null : String(answer);
      });
      (bySuite[suite] ??= {})[peer.name] = { correct: right, total: cases.length, perSecond };
    }
  }

  const textScores: Record<string, Record<string, TextScore | null>> = {};
  for (const [suite, cases] of texts) {
    for (const peer of all) {
      let find = peer.find;
      // Without a finder, nalu-words can only read a whole text that is one number phrase.
      if (!find && peer.name.startsWith('nalu-words')) find = (text) => peer.read([{ input: text, expected: null, form: 'text' }]).flatMap((value) => (value === null ? [] : [{ start: 0, end: text.length, value }]));
      (textScores[suite] ??= {})[peer.name] = find ? scoreText(cases, find, peer.match) : null;
    }
  }

  const names = all.map((p) => p.name);
  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(' | ')} |`);
  const header = (first: string) => {
    row([first, ...names]);
    row(['---', ...names.map(() => '---')]);
  };
  const best = (scores: { correct: number }[]) => Math.max(...scores.map((s) => s.correct));

  lines.push('### One number per phrase: correct / total (each suite is one project\'s own tests)', '');
  header('suite');
  const totals = Object.fromEntries(names.map((n) => [n, { correct: 0, total: 0 }]));
  for (const [suite, scores] of Object.entries(bySuite)) {
    const top = best(Object.values(scores));
    row([suite, ...names.map((n) => {
      const s = scores[n] as Score;
      totals[n]!.correct += s.correct;
      totals[n]!.total += s.total;
      return `${s.correct === top ? '**' : ''}${s.correct}/${s.total}${s.correct === top ? '**' : ''}`;
    })]);
  }
  row(['all', ...names.map((n) => `${totals[n]!.correct}/${totals[n]!.total}`)]);
  lines.push('', '### The same cases by form: correct / total', '');
  header('form');
  for (const [form, scores] of Object.entries(byForm).sort()) {
    const top = best(Object.values(scores));
    row([form, ...names.map((n) => {
      const s = scores[n] as { correct: number; total: number };
      return `${s.correct === top ? '**' : ''}${s.correct}/${s.total}${s.correct === top ? '**' : ''}`;
    })]);
  }
  lines.push('', '### Speed on those phrases (phrases/s, one process, each suite read in one call per peer)', '');
  header('suite');
  for (const [suite, scores] of Object.entries(bySuite)) row([suite, ...names.map((n) => Math.round((scores[n] as Score).perSecond).toLocaleString('en-US'))]);
  lines.push('', '### Numbers in running text: texts with exactly the expected values / with the expected spans too / MB/s', '');
  header('suite');
  for (const [suite, scores] of Object.entries(textScores)) {
    row([`${suite} (${texts.get(suite)!.length})`, ...names.map((n) => {
      const s = scores[n];
      return s ? `${s.values} / ${s.spans ?? '–'} / ${s.mbPerSecond.toFixed(3)}` : 'n/a';
    })]);
  }
  lines.push('', '### The same texts: MB per second of CPU time (the steadier figure on a shared machine)', '');
  header('suite');
  for (const [suite, scores] of Object.entries(textScores)) row([suite, ...names.map((n) => scores[n]?.mbPerCpuSecond.toFixed(3) ?? 'n/a')]);
  lines.push('', 'Peers: ' + all.map((p) => `${p.name} ${p.version} — ${p.note}`).join('; ') + '.');
  const viaCorrection = [...suites].flatMap(([suite, cases]) => cases.filter((c, i) => c.expected !== null && nalu.corrected(c.input) && correct(parseExact(c.expected) as Rational, answers[suite]![i]!.answers['nalu-words grammar'] ?? null)));
  lines.push(`nalu-words grammar: ${viaCorrection.length} of its right answers read a typed word as another (${viaCorrection.slice(0, 4).map((c) => `"${c.input}"`).join(', ')}…): right value, wrong word.`);
  if (!nalu.findNumbers) lines.push('nalu-words has no findNumbers yet: on text it reads the whole text as one phrase (right only where the text holds no number, or is one).');
  console.log(lines.join('\n'));

  if (out) {
    const peersInfo = all.map(({ name, version: v, note }) => ({ name, version: v, note }));
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, peers: peersInfo, suites: bySuite, forms: byForm, text: textScores, answers }, null, 1) + '\n');
  }
}

main().catch((error: unknown) => {
  console.error(`peers: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
