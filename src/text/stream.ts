// Numbers in text that arrives in pieces (speech recognition, typing, a file read in chunks): each number is
// given as soon as it is certain to be complete — once a word that belongs to no number, or a full stop,
// follows it, since nothing after that can lengthen it or change whether it stands alone — with the
// running value of the one in progress. The same spans as findNumbers on the whole text (tested). Browser-safe.

import { keep, longestAt, pieces, scan, withoutStacks, type Piece, type Run } from './scan.ts';
import { readFound, type FindOptions, type NumberSpan } from './find.ts';

/** The number being read at the end of the text so far: its words and the grammar's running value. */
export interface InProgress {
  start: number;
  end: number;
  text: string;
  value: number;
  exact: string;
  form: string;
}

/** Words that may stand between two neighbouring numbers ("one and two"): they settle nothing. */
const BETWEEN = new Set(['and', 'or', 'to', 'plus']);
/** A gap between pieces that no number and no list of neighbours crosses. */
const HARD_GAP = /[^\s,\-‐‑]/;
/** Text held back with no settled point in it before it is settled anyway (a run of number words). */
export const MAX_PENDING = 4096;

/** An unfinished word longer than this is no number word (nor a numeral worth waiting for): it is skipped. */
const LONGEST_WORD = 64;
const WORD_CHARS = /^[^\s\p{P}$+<=>^`|~−]*/u;

export class NumberStream {
  /** Text not yet settled; `offset` is where it starts in the whole text. */
  private buffer = '';
  private offset = 0;
  /** Inside a word too long to be a number: its rest is skipped as it arrives. */
  private skipping = false;
  /** The last number begun: where it starts and its words so far end, in the whole text. */
  private last: { run: Run; start: number; end: number; pieces: number } | undefined;

  constructor(private readonly options: FindOptions = {}) {}

  /** Adds text (any cut: inside a word too) and returns the numbers now certain to be complete. */
  push(chunk: string): NumberSpan[] {
    if (typeof chunk !== 'string') throw new TypeError('push takes a string');
    if (this.skipping) {
      const rest = (WORD_CHARS.exec(chunk) as RegExpExecArray)[0].length;
      this.offset += rest;
      chunk = chunk.slice(rest);
      this.skipping = chunk === '';
    }
    this.buffer += chunk;
    const all = pieces(this.buffer);
    const open = all.length > 0 && (all[all.length - 1] as Piece).end === this.buffer.length ? (all[all.length - 1] as Piece) : undefined;
    // The last word may go on in the next chunk, unless it is already too long to be a number word.
    const whole = open ? all.slice(0, -1) : all;
    let settled = -1;
    let reach = 0;
    this.last = undefined;
    for (let i = 0; i < whole.length; ) {
      const run = withoutStacks(() => longestAt(this.buffer, whole, i));
      const piece = whole[i] as Piece;
      const gap = this.buffer.slice((whole[i - 1] as Piece | undefined)?.end ?? 0, piece.start);
      if (i >= reach && ((i > 0 && HARD_GAP.test(gap)) || (!run.tentative && !BETWEEN.has(piece.text)))) settled = i;
      reach = Math.max(reach, run.stopped);
      // The number in progress is the first one whose words reach the end ("three and a", not "a").
      if (run.tentative && (this.last?.run.stopped ?? 0) < whole.length) this.last = { run, start: this.offset + piece.start, end: this.offset + run.tentative.end, pieces: whole.length };
      i = run.next;
    }
    if (open && open.end - open.start > LONGEST_WORD) {
      const spans = this.settle(open.start, whole);
      this.offset += this.buffer.length;
      this.buffer = '';
      this.skipping = true;
      this.last = undefined;
      return spans;
    }
    // The rules for lone words look past a number at the words after it (keep, in scan.ts): up to "of" and the
    // word after it ("the fourth of July"), so a cut before "of" waits for that word to be complete.
    if (settled > 0 && whole[settled]?.text === 'of' && settled + 1 >= whole.length) settled = -1;
    if (settled < 0 && this.buffer.length > MAX_PENDING && this.last) settled = whole.findIndex((p) => p.start === (this.last as { start: number }).start - this.offset);
    if (settled <= 0) return [];
    return this.settle((whole[settled] as Piece).start, whole);
  }

  /** The end of the text: every number not yet given. */
  end(): NumberSpan[] {
    const out = this.settle(this.buffer.length, pieces(this.buffer));
    this.last = undefined;
    return out;
  }

  /** The number in progress at the end of the text pushed so far, if one is. */
  inProgress(): InProgress | undefined {
    if (!this.last || this.last.run.stopped < this.last.pieces || !this.last.run.tentative) return undefined;
    const { start, end } = this.last;
    const { reading } = this.last.run.tentative;
    const exact = (reading.exact ?? reading.value).toString();
    return { start, end, text: this.buffer.slice(start - this.offset, end - this.offset), value: reading.value, exact, form: reading.form };
  }

  /**
   * Reads the text before `cut` as a whole and drops it; `complete`, the buffer's finished pieces, are the
   * words after it that the rules for lone words may look at.
   */
  private settle(cut: number, complete: readonly Piece[]): NumberSpan[] {
    const text = this.buffer.slice(0, cut);
    const all = pieces(text);
    const kept = keep(this.buffer, scan(text, all), complete, this.options);
    // The spans are fresh objects: moved in place (a spread copy costs more than reading them).
    const spans = readFound(text, kept, this.options).map((s) => Object.assign(s, { start: s.start + this.offset, end: s.end + this.offset }));
    this.buffer = this.buffer.slice(cut);
    this.offset += cut;
    return spans;
  }
}
