// The reading as DOM: the answer, the word-by-word table (the markup of views/partials/result.ejs, so the page
// reads the same with or without JavaScript), the word still being typed, errors as sentences, the grammar's
// reading beside the network's refusal of a form or word it never learned, and running text with every
// number found marked. Every suggestion is a button that puts itself into the phrase.

import { errorSentence, formatEstimate, formatInteger, type ErrorLike } from '../language/format.ts';
import type { Form } from '../language/grammar.ts';
import type { Pending } from '../language/prefix.ts';
import type { Token } from '../language/tokenize.ts';
import { formTag, refusalSentence, showExact, type Refusal, type Shape } from '../reading/describe.ts';
import type { GrammarPrediction, PartialPrediction, Prediction } from '../reading/predict.ts';
import type { InProgress, NumberSpan } from '../text/index.ts';

type Child = Node | string | number;

/** What a suggestion button does: replace the word at `position` with `word`, then read again. */
export type Apply = (position: number, word: string, finished: boolean) => void;

export type { Refusal } from '../reading/describe.ts';

/** A reading as the page shows it, from a phrase or a span of text (which has no `phrase`). */
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NetworkReading = Without<Prediction | PartialPrediction, 'phrase'>;

/** The grammar's reading alone, while typing too (reader=grammar, partial), of a phrase or a span of text. */
export type GrammarReading = Without<GrammarPrediction & { partial?: true; pending?: Pending }, 'phrase'>;

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

function answerNode(r: NetworkReading, pending: HTMLElement[]): HTMLElement {
  if (r.value === null || r.rounded === null || r.reference === null) {
    return el('div', { class: 'answer waiting', id: 'answer' },
      el('div', {}, el('span', { class: 'label' }, 'network'), ' ', el('strong', { id: 'rounded' }, '…')),
      el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, '…')),
      ...pending);
  }
  const raw = formatEstimate(r.value);
  // A cardinal's network value is its rounding (the raw float beside it); any other form is written as its form is.
  const shown = r.form === 'cardinal' || r.exact === null ? formatInteger(r.rounded) : showExact(r.exact, r);
  const network = el('div', {}, el('span', { class: 'label' }, 'network'), ' ', el('strong', { id: 'rounded' }, shown));
  if (raw !== shown) network.append(' ', el('span', { class: 'raw' }, `(${raw})`));
  const grammar = r.referenceExact === null ? formatInteger(r.reference) : showExact(r.referenceExact, r);
  return el('div', { class: `answer ${r.agrees ? 'agree' : 'disagree'}`, id: 'answer' },
    network,
    el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, grammar)),
    formNode(r.form, r.referenceExact ?? String(r.reference)),
    el('div', { class: 'verdict', id: 'verdict' }, r.agrees ? '✓ they agree' : '✗ the network disagrees with the grammar'),
    ...pending);
}

function formNode(form: Form, exact: string): HTMLElement {
  return el('div', {}, el('span', { class: 'label' }, 'form'), ' ', el('span', { class: 'form', id: 'form-name' }, formTag(form, exact)));
}

/** A word as read, and as typed when a typo was corrected. */
function tokenCell(word: string, t: Token | undefined): HTMLElement {
  const cell = el('td', { class: 'token', 'data-label': 'word' }, word);
  if (t?.corrected) cell.append(' ', el('span', { class: 'corrected', title: 'typo corrected' }, `(from "${t.text}")`));
  return cell;
}

/** How running values are written: by the phrase's form, without a final value's ordinal suffix or digits. */
const runningShape = (form: Form): Shape => ({ form });

export function resultNodes(r: NetworkReading, apply: Apply): HTMLElement[] {
  const pending = 'pending' in r && r.pending ? [pendingNode(r.pending, apply)] : [];
  const answer = answerNode(r, pending);
  if (r.steps.length === 0) return [answer];
  const extra = headColumn(r.steps);
  const headRow = el('tr', {}, el('th', {}, '#'), el('th', {}, 'word'), el('th', { class: 'num' }, "network's running value"), el('th', { class: 'num' }, "grammar's running value"));
  if (extra) headRow.append(el('th', {}, extra));
  const body = el('tbody');
  r.steps.forEach((s, i) => {
    const row = el('tr', { class: s.agrees ? '' : 'off' },
      el('td', { class: 'index', 'data-label': '#' }, i + 1),
      tokenCell(s.token, r.tokens[i]),
      el('td', { class: 'num', 'data-label': 'network' }, formatEstimate(s.value)),
      el('td', { class: 'num', 'data-label': 'grammar' }, showExact(s.referenceExact, runningShape(r.form))));
    if (extra) row.append(el('td', { class: 'ops', 'data-label': extra }, s.ops ? s.ops.summary : s.gate !== undefined ? formatEstimate(s.gate) : ''));
    body.append(row);
  });
  return [answer, el('table', { id: 'steps' }, el('thead', {}, headRow), body)];
}

/**
 * The grammar's reading where the network refused (a form or word the shipped model never learned): the
 * refusal in plain words, the grammar's value and form, and its running value after every word.
 */
export function grammarNodes(g: GrammarReading, refusal: Refusal, apply: Apply): HTMLElement[] {
  const pending = g.pending ? [pendingNode(g.pending, apply)] : [];
  const note = el('p', { class: 'note', id: 'note' }, refusalSentence(refusal));
  if (g.exact === null || g.steps.length === 0) return [note, el('div', { class: 'answer waiting', id: 'answer' }, el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, '…')), ...pending)];
  const answer = el('div', { class: 'answer grammar-only', id: 'answer' },
    el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, showExact(g.exact, g))),
    formNode(g.form, g.exact),
    ...pending);
  const body = el('tbody');
  g.steps.forEach((s, i) => {
    body.append(el('tr', {},
      el('td', { class: 'index', 'data-label': '#' }, i + 1),
      tokenCell(s.token, g.tokens[i]),
      el('td', { class: 'num', 'data-label': 'grammar' }, showExact(s.exact, runningShape(g.form)))));
  });
  const head = el('tr', {}, el('th', {}, '#'), el('th', {}, 'word'), el('th', { class: 'num' }, "grammar's running value"));
  return [note, answer, el('table', { id: 'steps' }, el('thead', {}, head), body)];
}

/** A found number's value as its highlight shows it: the network's where it read the span, else the grammar's. */
export function spanValue(span: NumberSpan): string {
  if (span.reader === 'network' && span.form === 'cardinal') return formatInteger(span.rounded);
  return showExact(span.exact as string, span);
}

/**
 * Running text with every number found marked, each a button (`select(i)`) showing its value; the number
 * still being typed at the end, if any, marked apart with its running value.
 */
export function markedNodes(text: string, spans: readonly NumberSpan[], select: (index: number) => void, typing?: InProgress): Node[] {
  const out: Node[] = [];
  let at = 0;
  spans.forEach((span, i) => {
    if (span.start > at) out.push(document.createTextNode(text.slice(at, span.start)));
    const off = span.reader === 'network' && !span.agrees;
    const kind = span.reader === 'grammar' ? ' by-grammar' : off ? ' off' : '';
    const title = span.reader === 'grammar' ? 'read by the grammar: the shipped network has not learned this' : off ? 'the network disagrees with the grammar' : 'read by the network; the grammar agrees';
    const mark = el('mark', { class: `found${kind}`, role: 'button', tabindex: '0', 'data-index': String(i), title },
      el('span', { class: 'words' }, span.text), el('span', { class: 'value' }, spanValue(span)));
    mark.addEventListener('click', () => select(i));
    mark.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      select(i);
    });
    out.push(mark);
    at = span.end;
  });
  if (typing && typing.start >= at) {
    out.push(document.createTextNode(text.slice(at, typing.start)));
    out.push(el('mark', { class: 'found typing', id: 'in-progress', title: 'still being typed' }, el('span', { class: 'words' }, typing.text), el('span', { class: 'value' }, `${showExact(typing.exact, { form: typing.form as Form })}…`)));
    at = typing.end;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}
