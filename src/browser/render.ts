// The reading as DOM: the answer, the word-by-word table (the markup of views/partials/result.ejs, so the page
// reads the same with or without JavaScript), the word still being typed, and errors as sentences. Every
// suggestion is a button that puts itself into the phrase.

import { errorSentence, formatEstimate, formatInteger, type ErrorLike } from '../language/format.ts';
import type { PartialPrediction, Prediction } from '../reading/predict.ts';
import type { Pending } from '../language/prefix.ts';

type Child = Node | string | number;

/** What a suggestion button does: replace the word at `position` with `word`, then read again. */
export type Apply = (position: number, word: string, finished: boolean) => void;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function suggestionButton(text: string, onClick: () => void): HTMLElement {
  const button = el('button', { type: 'button', class: 'suggestion' }, text);
  button.addEventListener('click', onClick);
  return button;
}

/**
 * An error as a sentence, its suggestion a button. `typing`: the phrase is still being typed, so the error
 * is shown quietly, under the answer last confirmed, instead of in its place.
 */
export function errorNode(error: ErrorLike, apply: Apply, typing = false): HTMLElement {
  const node = el('p', { class: typing ? 'error typing' : 'error', id: 'error' }, errorSentence({ ...error, suggestion: undefined }));
  const { position, suggestion } = error;
  if (position !== undefined && suggestion !== undefined) {
    node.append(' Did you mean ', suggestionButton(`"${suggestion}"`, () => apply(position, suggestion, true)), '?');
  }
  return node;
}

function pendingNode({ text, position, candidates }: Pending, apply: Apply): HTMLElement {
  const node = el('p', { class: 'pending', id: 'pending' }, 'Still typing ', el('mark', {}, `"${text}"`), ':');
  for (const word of candidates) node.append(' ', suggestionButton(word, () => apply(position, word, false)));
  return node;
}

/** The head's own column, whatever its name: what it did with the word (ops) or its gate. */
function headColumn(steps: Prediction['steps']): string | null {
  if (steps.some((s) => s.ops)) return 'what the head did';
  if (steps.some((s) => s.gate !== undefined)) return 'gate (1 = add, 0 = multiply)';
  return null;
}

function answerNode(r: Prediction | PartialPrediction, pending: HTMLElement[]): HTMLElement {
  if (r.value === null || r.rounded === null || r.reference === null) {
    return el('div', { class: 'answer waiting', id: 'answer' },
      el('div', {}, el('span', { class: 'label' }, 'network'), ' ', el('strong', { id: 'rounded' }, '…')),
      el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, '…')),
      ...pending);
  }
  const raw = formatEstimate(r.value);
  const network = el('div', {}, el('span', { class: 'label' }, 'network'), ' ', el('strong', { id: 'rounded' }, formatInteger(r.rounded)));
  if (raw !== formatInteger(r.rounded)) network.append(' ', el('span', { class: 'raw' }, `(${raw})`));
  return el('div', { class: `answer ${r.agrees ? 'agree' : 'disagree'}`, id: 'answer' },
    network,
    el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, formatInteger(r.reference))),
    el('div', { class: 'verdict', id: 'verdict' }, r.agrees ? '✓ they agree' : '✗ the network disagrees with the grammar'),
    ...pending);
}

export function resultNodes(r: Prediction | PartialPrediction, apply: Apply): HTMLElement[] {
  const pending = 'pending' in r && r.pending ? [pendingNode(r.pending, apply)] : [];
  const answer = answerNode(r, pending);
  if (r.steps.length === 0) return [answer];
  const extra = headColumn(r.steps);
  const headRow = el('tr', {}, el('th', {}, '#'), el('th', {}, 'word'), el('th', { class: 'num' }, "network's running value"), el('th', { class: 'num' }, "grammar's running value"));
  if (extra) headRow.append(el('th', {}, extra));
  const body = el('tbody');
  r.steps.forEach((s, i) => {
    const t = r.tokens[i];
    const token = el('td', { class: 'token', 'data-label': 'word' }, s.token);
    if (t?.corrected) token.append(' ', el('span', { class: 'corrected', title: 'typo corrected' }, `(from "${t.text}")`));
    const row = el('tr', { class: s.agrees ? '' : 'off' },
      el('td', { class: 'index', 'data-label': '#' }, i + 1),
      token,
      el('td', { class: 'num', 'data-label': 'network' }, formatEstimate(s.value)),
      el('td', { class: 'num', 'data-label': 'grammar' }, formatInteger(s.reference)));
    if (extra) row.append(el('td', { class: 'ops', 'data-label': extra }, s.ops ? s.ops.summary : s.gate !== undefined ? formatEstimate(s.gate) : ''));
    body.append(row);
  });
  return [answer, el('table', { id: 'steps' }, el('thead', {}, headRow), body)];
}
