// The page's script (bundled by esbuild into public/build/page.js): reads as you type. Once the model has
// loaded into the page, every keystroke is read here, synchronously, by the same Predictor the server uses;
// until then, or if it cannot load, the JSON API reads (debounced). Typing asks for the partial reading and
// shows only its confirmed words, the word being typed marked, so the answer does not jump while a word
// grows ("nine" of "ninety"); an error while typing is shown quietly under the answer last confirmed. A
// submit is strict. The page works without this script.

import { PhraseError } from '../language/errors.ts';
import type { ErrorLike } from '../language/format.ts';
import { applySuggestion } from '../language/prefix.ts';
import { confirmedReading, type PartialPrediction, type Prediction, type Predictor } from '../reading/predict.ts';
import { drawChart } from './chart.ts';
import { loadLocalPredictor } from './local.ts';
import { errorNode, resultNodes, type Apply } from './render.ts';

type Answer = { result: Prediction | PartialPrediction } | { error: ErrorLike };

/** Pause before asking the API about a phrase being typed; the in-page model needs none. */
const DEBOUNCE_MS = 150;

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

let local: Predictor | undefined;
let latest = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function readLocally(predictor: Predictor, phrase: string, partial: boolean): Answer {
  try {
    return { result: partial ? predictor.predictPartial(phrase) : predictor.predictPhrase(phrase) };
  } catch (error) {
    if (error instanceof PhraseError) return { error: error.toJSON() };
    throw error;
  }
}

async function readRemotely(phrase: string, partial: boolean): Promise<Answer> {
  const response = await fetch(`/api/predict?q=${encodeURIComponent(phrase)}${partial ? '&partial=1' : ''}`);
  const body = (await response.json()) as Prediction | PartialPrediction | { error: ErrorLike };
  return 'error' in body ? { error: body.error } : { result: body };
}

/** The phrase whose reading the answer box shows, while it is shown. */
let shownPhrase: string | undefined;

/** A suggestion or a word being typed, applied: a finished suggestion is read as a submit would read it. */
const apply: Apply = (position, word, finished) => {
  input.value = applySuggestion(input.value, position, word) + (finished ? '' : ' ');
  input.focus();
  read(input.value, !finished);
};

function show(answer: Answer, phrase: string, typing: boolean): void {
  if ('error' in answer) {
    const node = errorNode(answer.error, apply, typing);
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
    output.replaceChildren(node);
    chartBox.hidden = true;
    return;
  }
  const result = 'partial' in answer.result ? confirmedReading(answer.result) : answer.result;
  shownPhrase = phrase;
  output.replaceChildren(...resultNodes(result, apply));
  const { steps } = result;
  chartBox.hidden = steps.length === 0;
  if (steps.length > 0) drawChart(canvas, steps);
}

function read(phrase: string, partial: boolean): void {
  const id = ++latest;
  clearTimeout(timer);
  history.replaceState(null, '', phrase.trim() === '' ? '/' : `/?q=${encodeURIComponent(phrase)}`);
  if (phrase.trim() === '') {
    shownPhrase = undefined;
    output.replaceChildren();
    chartBox.hidden = true;
    return;
  }
  if (local) {
    show(readLocally(local, phrase, partial), phrase, partial);
    return;
  }
  const ask = async () => {
    try {
      const answer = await readRemotely(phrase, partial);
      if (id === latest) show(answer, phrase, partial);
    } catch {
      if (id === latest) show({ error: { message: 'the server did not answer' } }, phrase, false);
    }
  };
  if (partial) timer = setTimeout(ask, DEBOUNCE_MS);
  else void ask();
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
    // Redraw what the server rendered, now with the chart.
    if (input.value.trim() !== '') read(input.value, false);
  });
