// The page's script (bundled by esbuild into public/build/page.js): reads as you type. Once the model has
// loaded into the page, every keystroke is read here, synchronously, by the same Predictor the server uses;
// until then, or if it cannot load, the JSON API reads (debounced). Typing asks for the partial reading and
// shows only its confirmed words, the word being typed marked, so the answer does not jump while a word
// grows ("nine" of "ninety"); an error while typing is shown quietly under the answer last confirmed. A
// submit is strict. Where the network refuses a form or word it never learned, the grammar's own reading is
// shown beside the refusal. The line under the input says in a sentence what the words read as. Text mode
// finds every number in a paragraph (findNumbers with the same Predictor; the API's /api/extract until the
// model loads); typing on at its end goes through a NumberStream, so only the new words are read and the
// number still being typed shows its running value. The page works without this script (phrase mode).

import { PhraseError } from '../language/errors.ts';
import { formatInteger } from '../language/format.ts';
import { applySuggestion } from '../language/prefix.ts';
import { readsSentence } from '../reading/describe.ts';
import { confirmedReading, type PartialPrediction, type Prediction, type Predictor } from '../reading/predict.ts';
import { findNumbers, NumberStream, type NumberSpan } from '../text/index.ts';
import { drawChart, type ChartStep } from './chart.ts';
import { loadLocalPredictor } from './local.ts';
import { errorNode, grammarNodes, markedNodes, resultNodes, type Apply, type GrammarReading, type NetworkReading, type Refusal } from './render.ts';

type Answer = { result: Prediction | PartialPrediction } | { error: Refusal };
/** What the answer box shows: the network's reading, the grammar's beside the network's refusal, or an error. */
type View = { result: NetworkReading; typing: boolean } | { grammar: GrammarReading; refusal: Refusal; typing: boolean } | { error: Refusal };

/** Pause before asking the API about a phrase being typed; the in-page model needs none. */
const DEBOUNCE_MS = 150;
/** A pause in typing text this long reads the whole text, the number last typed included. */
const PAUSE_MS = 1000;

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

const form = byId<HTMLFormElement>('form');
const input = byId<HTMLInputElement>('q');
const output = byId('output');
const chartBox = byId('chart-box');
const canvas = byId<HTMLCanvasElement>('chart');
const engine = byId('engine');
const reads = byId('reads');

let local: Predictor | undefined;
let latest = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

/** A PhraseError as the API would send it; anything else is a bug and is thrown. */
function caught<T>(read: () => T): T | { error: Refusal } {
  try {
    return read();
  } catch (error) {
    if (error instanceof PhraseError) return { error: error.toJSON() };
    throw error;
  }
}

/**
 * The view of an answer: a refusal that carries the grammar's reading gets that reading, with its running
 * values (`grammar()`); `finished()`: whether the phrase as it stands is a whole phrase (else, typing, the
 * value is the words' so far: "three point" → 3, still typing).
 */
function viewOf(answer: Answer, partial: boolean, grammar: () => GrammarReading | { error: Refusal }, finished: () => boolean): View {
  if ('error' in answer) {
    // A word the network never learned, typed whole or still being typed: the grammar may read it.
    if (!answer.error.grammar && answer.error.code !== 'out_of_vocabulary') return answer;
    const reading = grammar();
    if ('error' in reading) return answer;
    return { grammar: reading, refusal: answer.error, typing: partial && (reading.pending !== undefined || !finished()) };
  }
  const result = 'partial' in answer.result ? confirmedReading(answer.result) : answer.result;
  const pending = 'pending' in result && result.pending !== undefined;
  return { result, typing: partial && (pending || !finished()) };
}

function readLocally(predictor: Predictor, phrase: string, partial: boolean): View {
  const answer = caught(() => ({ result: partial ? predictor.predictPartial(phrase) : predictor.predictPhrase(phrase) }));
  return viewOf(answer, partial, () => caught(() => predictor.readPhrase(phrase, partial)), () => !('error' in caught(() => predictor.readPhrase(phrase))));
}

async function ask<T>(query: string): Promise<T | { error: Refusal }> {
  const response = await fetch(`/api/predict?${query}`);
  return (await response.json()) as T | { error: Refusal };
}

async function readRemotely(phrase: string, partial: boolean): Promise<View> {
  const q = `q=${encodeURIComponent(phrase)}`;
  const [network, whole] = await Promise.all([ask<Prediction | PartialPrediction>(`${q}${partial ? '&partial=1' : ''}`), partial ? ask<GrammarReading>(`${q}&reader=grammar`) : undefined]);
  const answer: Answer = 'error' in network ? { error: network.error } : { result: network };
  const grammar = 'error' in answer && (answer.error.grammar || answer.error.code === 'out_of_vocabulary') ? await ask<GrammarReading>(`${q}&reader=grammar${partial ? '&partial=1' : ''}`) : undefined;
  return viewOf(answer, partial, () => grammar ?? answer as { error: Refusal }, () => whole === undefined || !('error' in whole));
}

/** The phrase whose reading the answer box shows, while it is shown. */
let shownPhrase: string | undefined;

/** A suggestion or a word being typed, applied: a finished suggestion is read as a submit would read it. */
const apply: Apply = (position, word, finished) => {
  input.value = applySuggestion(input.value, position, word) + (finished ? '' : ' ');
  input.focus();
  read(input.value, !finished);
};

/** The grammar's running values as the chart draws them, with the network's where it read the phrase. */
function chartSteps(view: Exclude<View, { error: Refusal }>): ChartStep[] {
  if ('result' in view) return view.result.steps;
  return view.grammar.steps.map((s) => ({ token: s.token, reference: s.value, referenceExact: s.exact }));
}

/** The sentence under the input for a reading shown. */
function sentence(view: Exclude<View, { error: Refusal }>): string {
  const r = 'result' in view ? view.result : view.grammar;
  const exact = r.referenceExact;
  if (r.tokens.length === 0 || exact === null) return 'Still typing.';
  return readsSentence(r.tokens.map((t) => t.normalized).join(' '), exact, r, view.typing);
}

function show(view: View, phrase: string, typing: boolean): void {
  if ('error' in view) {
    const node = errorNode(view.error, apply, typing);
    const kept = document.getElementById('answer');
    // Typing on from a phrase already read: keep its answer, faded, with the error under it.
    if (typing && kept && shownPhrase !== undefined && phrase.startsWith(shownPhrase.trimEnd())) {
      kept.classList.add('stale');
      document.getElementById('pending')?.remove();
      document.getElementById('error')?.remove();
      kept.after(node);
      return;
    }
    shownPhrase = undefined;
    reads.textContent = '';
    output.replaceChildren(node);
    chartBox.hidden = true;
    return;
  }
  shownPhrase = phrase;
  reads.textContent = sentence(view);
  showReading(view);
}

/** A reading in the answer box and the chart: a phrase's, or a number's found in text. */
function showReading(view: Exclude<View, { error: Refusal }>): void {
  output.replaceChildren(...('result' in view ? resultNodes(view.result, apply) : grammarNodes(view.grammar, view.refusal, apply)));
  const steps = chartSteps(view);
  chartBox.hidden = steps.length === 0;
  if (steps.length > 0) drawChart(canvas, steps, { form: ('result' in view ? view.result : view.grammar).form });
}

function read(phrase: string, partial: boolean): void {
  const id = ++latest;
  clearTimeout(timer);
  history.replaceState(null, '', phrase.trim() === '' ? '/' : `/?q=${encodeURIComponent(phrase)}`);
  if (phrase.trim() === '') {
    shownPhrase = undefined;
    reads.textContent = '';
    output.replaceChildren();
    chartBox.hidden = true;
    return;
  }
  if (local) {
    try {
      show(readLocally(local, phrase, partial), phrase, partial);
    } catch (error) {
      // A bug below the page (not a PhraseError): say so in place of the answer, never leave the last one up as current.
      show({ error: { message: `this page could not read it (${error instanceof Error ? error.message : String(error)})` } }, phrase, false);
    }
    return;
  }
  const remote = async () => {
    try {
      const view = await readRemotely(phrase, partial);
      if (id === latest) show(view, phrase, partial);
    } catch {
      if (id === latest) show({ error: { message: 'the server did not answer' } }, phrase, false);
    }
  };
  if (partial) timer = setTimeout(remote, DEBOUNCE_MS);
  else void remote();
}

input.addEventListener('input', () => read(input.value, true));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  read(input.value, false);
});
for (const link of document.querySelectorAll<HTMLAnchorElement>('.example')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    input.value = link.dataset.phrase ?? '';
    read(input.value, false);
  });
}

// Text mode.
const tabs = byId('modes');
const phraseTab = byId<HTMLButtonElement>('tab-phrase');
const textTab = byId<HTMLButtonElement>('tab-text');
const textMode = byId('text-mode');
const textInput = byId<HTMLTextAreaElement>('text');
const marked = byId('marked');
const found = byId('found');
const examples = byId('examples');

/** The text read last, the numbers shown in it, and the stream that reads on as it is typed at its end. */
let text = '';
let spans: NumberSpan[] = [];
let settled: NumberSpan[] = [];
let stream: NumberStream | undefined;
let textRead = 0;

function selectSpan(index: number): void {
  const span = spans[index];
  if (!span || !('steps' in span)) return;
  for (const mark of marked.querySelectorAll('mark.found')) mark.setAttribute('aria-pressed', String(mark.getAttribute('data-index') === String(index)));
  const view: Exclude<View, { error: Refusal }> = span.reader === 'network' ? { result: span as NetworkReading, typing: false } : { grammar: span as GrammarReading, refusal: span.network ?? { message: 'the network did not read it' }, typing: false };
  found.textContent = sentence(view);
  showReading(view);
}

function showText(typing?: ReturnType<NumberStream['inProgress']>): void {
  marked.replaceChildren(...markedNodes(text, spans, selectSpan, typing));
  const n = spans.length;
  found.textContent = n === 0 ? (typing ? 'Still typing a number.' : 'No numbers found.') : `Found ${n} number${n === 1 ? '' : 's'}; pick one to see how it was read.`;
  output.replaceChildren();
  chartBox.hidden = true;
}

/**
 * Reads the text: typed on at its end, only the new characters go through the stream (the numbers it settles,
 * and the one in progress); any other edit, a paste, or a first read, reads the whole text with findNumbers.
 */
function readText(event?: Event): void {
  const now = textInput.value;
  const id = ++textRead;
  clearTimeout(timer);
  // The API's limit, here too: a longer paste is refused with the reason, not silently cut or read slowly.
  const limit = Number(textInput.dataset.limit);
  if (now.length > limit) {
    text = '';
    spans = [];
    stream = undefined;
    showText();
    found.textContent = `The text is ${formatInteger(now.length)} characters; the limit is ${formatInteger(limit)}.`;
    return;
  }
  if (local) {
    const options = { predictor: local };
    const typedOn = event instanceof InputEvent && event.inputType === 'insertText' && stream !== undefined && now.length > text.length && now.startsWith(text);
    if (typedOn) {
      // Numbers already certain stay; those a paste ended with may grow now, so only the stream's are shown.
      settled = [...settled, ...(stream as NumberStream).push(now.slice(text.length))];
      text = now;
      spans = settled;
      showText(stream?.inProgress());
      // A pause ends the typing: the whole text is read, so the number last typed is marked and can be picked.
      timer = setTimeout(() => readText(), PAUSE_MS);
      return;
    }
    text = now;
    spans = findNumbers(now, options);
    stream = new NumberStream(options);
    settled = stream.push(now);
    showText();
    return;
  }
  timer = setTimeout(async () => {
    try {
      const response = await fetch('/api/extract', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: now }) });
      const body = (await response.json()) as { numbers: NumberSpan[] } | { error: Refusal };
      if (id !== textRead) return;
      text = now;
      spans = 'error' in body ? [] : body.numbers;
      showText();
      if ('error' in body) found.textContent = body.error.message;
    } catch {
      if (id === textRead) found.textContent = 'The server did not answer.';
    }
  }, DEBOUNCE_MS);
}

function setMode(mode: 'phrase' | 'text'): void {
  phraseTab.setAttribute('aria-selected', String(mode === 'phrase'));
  textTab.setAttribute('aria-selected', String(mode === 'text'));
  form.hidden = mode !== 'phrase';
  textMode.hidden = mode !== 'text';
  examples.hidden = mode !== 'phrase';
  if (mode === 'text') {
    readText();
    textInput.focus();
  } else {
    read(input.value, false);
    input.focus();
  }
}

tabs.hidden = false;
phraseTab.addEventListener('click', () => setMode('phrase'));
textTab.addEventListener('click', () => setMode('text'));
textInput.addEventListener('input', (event) => readText(event));

/** Read and charted once, unseen, when the model has loaded: not a phrase the page suggests. */
const WARM_PHRASE = 'four thousand six hundred and twelve';

/**
 * Reads a phrase (typing, then whole) and shows its answer and chart, then clears them, all in one task, so
 * never painted: the first chart on a page (its canvas, a forced layout, Chart.js's code compiled) and the
 * updates after it took 60-80 and ~20 ms, at the keystroke that finished the first word; the others ~6 ms.
 * Whatever the page shows is drawn again right after (the server's answer, the text).
 */
function warmUp(predictor: Predictor): void {
  for (const [phrase, partial] of [[WARM_PHRASE.slice(0, -3), true], [WARM_PHRASE, false]] as const) {
    const view = readLocally(predictor, phrase, partial);
    if ('error' in view) continue;
    sentence(view);
    showReading(view);
  }
  output.replaceChildren();
  chartBox.hidden = true;
}

engine.textContent = 'the server (the model is loading into this page)';
loadLocalPredictor()
  .then((predictor) => {
    local = predictor;
    const kernel = predictor.meta.head === 'registers' ? ', the LSTM in WebAssembly SIMD' : '';
    engine.textContent = `this page (TensorFlow.js ${predictor.backend.name} backend${kernel})`;
  })
  .catch((error: unknown) => {
    engine.textContent = `the server (the model could not load in this page: ${error instanceof Error ? error.message : String(error)})`;
  })
  .finally(() => {
    try {
      if (local) warmUp(local);
    } catch {
      // A reading that fails here fails at the keystroke too, which says so in place of the answer (read).
    }
    // Redraw what the server rendered, now with the chart; or the text, now read in the page.
    if (!textMode.hidden) readText();
    else if (input.value.trim() !== '') read(input.value, false);
  });
