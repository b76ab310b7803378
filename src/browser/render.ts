// The reading as DOM: the answer, the word-by-word table (the markup of views/partials/result.ejs, so the page
// reads the same with or without JavaScript), the word still being typed, and errors as sentences.

import { errorSentence, formatEstimate, formatInteger, type ErrorLike } from '../language/format.ts';
import type { PartialPrediction, Prediction } from '../reading/predict.ts';
import type { Pending } from '../language/prefix.ts';

type Child = Node | string | number;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export function errorNode(error: ErrorLike): HTMLElement {
  return el('p', { class: 'error', id: 'error' }, errorSentence(error));
}

/** "hundred" / "seven, seventeen or seventy". */
function either(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function pendingNode({ text, candidates }: Pending): HTMLElement {
  return el('p', { class: 'pending', id: 'pending' }, `Still typing "${text}": ${either(candidates)}?`);
}

/** The head's own column, whatever its name: what it did with the word (ops) or its gate. */
function headColumn(steps: Prediction['steps']): string | null {
  if (steps.some((s) => s.ops)) return 'what the head did';
  if (steps.some((s) => s.gate !== undefined)) return 'gate (1 = add, 0 = multiply)';
  return null;
}

export function resultNodes(r: Prediction | PartialPrediction): HTMLElement[] {
  const pending = 'pending' in r && r.pending ? [pendingNode(r.pending)] : [];
  if (r.value === null || r.rounded === null || r.reference === null) return pending;
  const answer = el('div', { class: `answer ${r.agrees ? 'agree' : 'disagree'}`, id: 'answer' },
    el('div', {}, el('span', { class: 'label' }, 'network'), ' ', el('strong', { id: 'rounded' }, formatInteger(r.rounded)), ' ', el('span', { class: 'raw' }, `(${formatEstimate(r.value)})`)),
    el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, formatInteger(r.reference))),
    el('div', { class: 'verdict', id: 'verdict' }, r.agrees ? '✓ they agree' : '✗ the network disagrees with the grammar'));
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
  return [...pending, answer, el('table', { id: 'steps' }, el('thead', {}, headRow), body)];
}
