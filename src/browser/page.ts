// The page's script (bundled by esbuild into public/build/page.js): reads as you type. Once the model has
// loaded into the page, every keystroke is read here, synchronously, by the same Predictor the server uses;
// until then, or if it cannot load, the JSON API reads (debounced). Typing asks for the partial reading, so
// a pause mid-phrase shows the words so far; a submit is strict. The page works without this script.

import { PhraseError } from '../language/errors.ts';
import type { ErrorLike } from '../language/format.ts';
import type { PartialPrediction, Prediction, Predictor } from '../reading/predict.ts';
import { drawChart } from './chart.ts';
import { loadLocalPredictor } from './local.ts';
import { errorNode, resultNodes } from './render.ts';

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

function show(answer: Answer): void {
  if ('error' in answer) {
    output.replaceChildren(errorNode(answer.error));
    chartBox.hidden = true;
    return;
  }
  output.replaceChildren(...resultNodes(answer.result));
  const { steps } = answer.result;
  chartBox.hidden = steps.length === 0;
  if (steps.length > 0) drawChart(canvas, steps);
}

function read(phrase: string, partial: boolean): void {
  const id = ++latest;
  clearTimeout(timer);
  history.replaceState(null, '', phrase.trim() === '' ? '/' : `/?q=${encodeURIComponent(phrase)}`);
  if (phrase.trim() === '') {
    output.replaceChildren();
    chartBox.hidden = true;
    return;
  }
  if (local) {
    show(readLocally(local, phrase, partial));
    return;
  }
  const ask = async () => {
    try {
      const answer = await readRemotely(phrase, partial);
      if (id === latest) show(answer);
    } catch {
      if (id === latest) show({ error: { message: 'the server did not answer' } });
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
