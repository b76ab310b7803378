// The register head's operations as one table: each entry says what it does to the base-1000 registers (in
// tfjs for training and in float64 for the served path), which per-word parameters it reads, and how a
// person is told. The tfjs step (registerStep in ./reader.ts), the served path (./fast.ts), training's
// choices and the words of describeOps all derive from it, so a new operation is one entry plus its maths.
// Its tfjs maths is handed the tfjs module rather than importing it: the served path reads this table
// without loading tfjs (0.6 s of a cold start).

import type * as Tf from '@tensorflow/tfjs';
import type { MoveTarget } from './choices.ts';

type Tensor2D = Tf.Tensor2D;

/** Base of the register head's groups: one register per power of 1000 (units, thousands, millions, …). */
export const GROUP_BASE = 1000;

/** The value of base-1000 groups (units first), in float64: exact for integer groups up to 2^53. */
export function groupsValue(groups: readonly number[]): number {
  return groups.reduce((sum, g, k) => sum + g * GROUP_BASE ** k, 0);
}

/** A magnitude with the sign register applied, never −0: "minus zero" is 0, as the grammar reads it. */
export function signedValue(magnitude: number, negative: boolean): number {
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

/** Base-1000 groups of a non-negative integer, units first, `G` of them. */
export function valueGroups(value: number, G: number): number[] {
  const out: number[] = [];
  let rest = value;
  for (let k = 0; k < G; k++) {
    out.push(k === G - 1 ? rest : rest % GROUP_BASE);
    rest = Math.floor(rest / GROUP_BASE);
  }
  return out;
}

/**
 * Per-word parameters, one row per word, stored in their own units: Adam moves every parameter by about
 * the learning rate per step, and word values reach 90, so in plain units "ninety" would take thousands of
 * steps; ln 100 ≈ 4.6 is likewise a long way at Adam's pace.
 */
export const OPERAND_UNIT = 100;
export const LOG_SCALE_UNIT = 6;
/**
 * The largest multiplier a word may apply to the units group, as a log: half the group base (any more and
 * a digit of 2 overflows the group). Moving a group up a scale ("thousand") can then only be learned as a
 * transfer between registers; "× 999" inside the units group would fit the running values within 0.1 %.
 */
export const MAX_LOG_SCALE = Math.log(GROUP_BASE / 2);

/** The per-word parameters (saved as `head/<name>`, [V, 1]), in saved order, with their unit and range. */
export const WORD_PARAMETERS = {
  /** The word's value, added to the units group ("seven": 7). */
  operand: { unit: OPERAND_UNIT },
  /** The log of the word's multiplier of the units group ("hundred": ln 100). */
  log_scale: { unit: LOG_SCALE_UNIT, clamp: [0, MAX_LOG_SCALE / LOG_SCALE_UNIT] as const },
} as const;
export type WordParameter = keyof typeof WORD_PARAMETERS;

/** A word's parameters in value units, as tensors [B, 1] (one row per example)... */
export interface Word<T> {
  operand: T;
  logScale: T;
}
/** ... or as numbers, with the multiplier exp(logScale) computed once per word. */
export interface WordF64 extends Word<number> {
  multiplier: number;
}

/** A per-row rule of an entry in tfjs, [B, 1] of 0 or 1 from the word's parameters; 'always': 1 on every row. */
export type RowRule = ((word: Word<Tensor2D>, tf: typeof Tf) => Tensor2D) | 'always';
export function applyRule(rule: RowRule, word: Word<Tensor2D>, tf: typeof Tf): Tensor2D {
  return rule === 'always' ? (tf.onesLike(word.operand) as Tensor2D) : rule(word, tf);
}
/** Always: 1 on every row; never: 0 on every row. */
const ALWAYS = { tf: 'always' as const, f64: () => true };
const NEVER = { tf: (w: Word<Tensor2D>, tf: typeof Tf) => tf.zerosLike(w.operand) as Tensor2D, f64: () => false };

export interface RegisterOperation {
  name: string;
  /** The per-word parameters its maths reads. */
  reads: readonly WordParameter[];
  /** The groups it acts into, for G groups: one choice each. */
  targets: (G: number) => number[];
  /**
   * Whether, with a word's own target (Architecture.moveTarget 'word'), the word picks the target group
   * (`head/move_group`, a per-word categorical over targets(G)) and the LSTM only whether the operation acts.
   */
  wordTarget: boolean;
  /**
   * Whether an empty units group counts as one before it ("hundred" alone is 100). For a word that adds
   * ("one", "a") an implied one is the same as its own value, and measured, "one" then read "twenty one"
   * as 20: only a word that scales by two or more, or a move, takes it.
   */
  takesImplied: { tf: RowRule; f64: (word: WordF64) => boolean };
  /** The units group after it, from x (the units group with any implied one); null: emptied. */
  units: { tf: (x: Tensor2D, word: Word<Tensor2D>, tf: typeof Tf) => Tensor2D; f64: (x: number, word: WordF64) => number } | null;
  /** Whether x is added to its target group. */
  carries: boolean;
  /**
   * What every group above the units is multiplied by first (1: left alone). Appending a digit shifts the
   * whole number one place ("one two three four five": 1,234 → 12,345), not the units group alone.
   */
  shift: number;
  /**
   * Whether it makes the number negative. The sign is a register of its own (the groups hold the magnitude),
   * set, never flipped: "minus" opens a phrase, so the sign only changes while the number is 0.
   */
  negates: boolean;
  /**
   * Whether it appends a digit to a digit string: under Architecture.digitMode the LSTM starts afresh after
   * it and the phrase's digit table (OP_DIGITS) applies from then on.
   */
  appendsDigit: boolean;
  /**
   * Whether it scales the number (a multiplier of 2 or more, a move, a two-digit shift). A digit string holds no
   * scaling word, so under Architecture.digitUnscaled a digit cannot follow one ("one hundred three" is 103).
   */
  scales: { tf: RowRule; f64: (word: WordF64) => boolean };
  /**
   * Per row, from the units before it: whether it would put the word's value where no number word puts one,
   * barred under Architecture.placeValue (null: never). Number words never carry: an add lands on empty places
   * ("twenty" after "eighteen" is a year's shift, not 38), and a shift's value fits the places it empties (a
   * digit is below 10: "twenty" after "two" is not 40).
   */
  misplaced: { tf: (units: Tensor2D, word: Word<Tensor2D>, tf: typeof Tf) => Tensor2D; f64: (units: number, word: WordF64) => boolean } | null;
  /** In words, for the page and the API ("+ 7", "× 100", "move to thousands"); '' for nothing at all. */
  describe: (word: { operand: number; multiplier: number }, target: number) => string;
}

/** Two decimals, for the words of an operation. */
const round2 = (x: number) => Math.round(x * 100) / 100;
/** Names of the base-1000 groups, for "move to thousands". */
const GROUP_NAMES = ['units', 'thousands', 'millions', 'billions', 'trillions'];
/** A word multiplies the units by 2 or more ("hundred", not "one"): it takes an implied one and scales the number. */
const MULTIPLIES = {
  tf: (w: Word<Tensor2D>, tf: typeof Tf) => tf.cast(tf.greaterEqual(w.logScale, Math.LN2), 'float32') as Tensor2D,
  f64: (w: WordF64) => w.logScale >= Math.LN2,
};
/** ... and otherwise it adds its value to the units as they stand, where it must land on empty places. */
const ADD_ON_OCCUPIED = {
  tf: (units: Tensor2D, w: Word<Tensor2D>, tf: typeof Tf) => tf.mul(tf.sub(1, MULTIPLIES.tf(w, tf)), landsOnOccupiedTf(units, w.operand, tf)) as Tensor2D,
  f64: (units: number, w: WordF64) => !MULTIPLIES.f64(w) && landsOnOccupied(units, w.operand),
};

export const REGISTER_OPERATIONS: readonly RegisterOperation[] = [
  {
    // NALU's multiplicative path (log space), then NAU's add: units' = exp(logScale) · x + operand.
    name: 'act',
    reads: ['operand', 'log_scale'],
    targets: () => [0],
    wordTarget: false,
    takesImplied: MULTIPLIES,
    units: { tf: (x, w, tf) => tf.add(tf.mul(x, tf.exp(w.logScale)), w.operand) as Tensor2D, f64: (x, w) => x * w.multiplier + w.operand },
    carries: false,
    shift: 1,
    negates: false,
    appendsDigit: false,
    scales: MULTIPLIES,
    misplaced: ADD_ON_OCCUPIED,
    describe: ({ operand, multiplier }) => {
      const times = Math.abs(multiplier - 1) > 0.01 ? `× ${round2(multiplier)}` : '';
      const plus = Math.abs(operand) > 0.01 ? `${operand >= 0 ? '+' : '−'} ${round2(Math.abs(operand))}` : '';
      return times && plus ? `${times}, ${plus}` : times || plus;
    },
  },
  {
    // NAU with weights in {0, 1}: units' = 0, group_k' = group_k + x ("thousand" moves into group 1). Which
    // group is the same for a word everywhere, so it is the word's (argmax of its categorical at inference);
    // chosen from context, "thousand" after a tens word (never seen below 10,000) went to the millions.
    name: 'move',
    reads: [],
    targets: (G) => Array.from({ length: G - 1 }, (_, k) => k + 1),
    wordTarget: true,
    takesImplied: ALWAYS,
    units: null,
    carries: true,
    shift: 1,
    negates: false,
    appendsDigit: false,
    scales: ALWAYS,
    misplaced: null,
    describe: (_word, target) => `move to ${GROUP_NAMES[target] ?? `group ${target}`}`,
  },
  // Digit strings and years: the number so far shifted by a fixed power of ten (NALU's multiplicative path
  // with a constant weight), then the word's value added (NAU): "one two" is 1 · 10 + 2, "nineteen eighty"
  // 19 · 100 + 80, "nineteen oh five" 19 · 100 + 0, then + 5. The same operand as "twenty two"'s add.
  ...([['digit', 10, 'one digit'], ['pair', 100, 'two digits']] as const).map(
    ([name, shift, digits]): RegisterOperation => ({
      name,
      reads: ['operand'],
      targets: () => [0],
      wordTarget: false,
      // Nothing is implied before a digit: "one two" is not "one one two".
      takesImplied: NEVER,
      units: { tf: (x, w, tf) => tf.add(tf.mul(x, shift), w.operand) as Tensor2D, f64: (x, w) => x * shift + w.operand },
      carries: false,
      shift,
      negates: false,
      appendsDigit: shift === 10,
      scales: shift === 10 ? NEVER : ALWAYS,
      // The shift empties the places the value lands on; it must fit in them.
      misplaced: {
        tf: (_units, w, tf) => tf.step(tf.sub(tf.round(tf.abs(w.operand)), shift - 0.5)) as Tensor2D,
        f64: (_units, w) => Math.round(Math.abs(w.operand)) >= shift,
      },
      describe: ({ operand }) => `shift ${digits}, + ${round2(operand)}`,
    }),
  ),
  {
    // The sign register set to negative ("minus", "negative"), the groups left as they are: s · (groups).
    name: 'negate',
    reads: [],
    targets: () => [0],
    wordTarget: false,
    takesImplied: NEVER,
    units: { tf: (x) => x, f64: (x) => x },
    carries: false,
    shift: 1,
    negates: true,
    appendsDigit: false,
    scales: NEVER,
    misplaced: null,
    describe: () => 'make negative',
  },
];

export const OPERATION_NAMES = ['act', 'move', 'digit', 'pair', 'negate'] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];
/** The table of a model that records none: every model trained before digit strings and years. */
export const CARDINAL_OPERATIONS: readonly OperationName[] = ['act', 'move'];

/** The entries a model uses, in the table's order (so the columns do not depend on how the flag lists them). */
export function operationsOf(names: readonly OperationName[] = CARDINAL_OPERATIONS): RegisterOperation[] {
  return REGISTER_OPERATIONS.filter((o) => (names as readonly string[]).includes(o.name));
}

/**
 * Whether the LSTM starts afresh after an operation: after a move with Architecture.reset, after a digit with
 * .digitMode. The tfjs step and the served path both ask here.
 */
export function restartsAfter(operation: RegisterOperation, arch: { reset?: boolean; digitMode?: boolean }): boolean {
  return (arch.reset === true && operation.carries) || (arch.digitMode === true && operation.appendsDigit);
}

/** Whether a table has an entry that makes the number negative (the sign register is then kept). */
export function negatesIn(names?: readonly OperationName[]): boolean {
  return operationsOf(names).some((o) => o.negates);
}

/** One column of the head's operation softmax: an operation into one target group. */
export interface OperationChoice {
  operation: RegisterOperation;
  target: number;
}

/** The columns of the operation softmax for G groups, in the order of the `head/op_W` columns. */
export function operationChoices(G: number, names?: readonly OperationName[]): OperationChoice[] {
  return operationsOf(names).flatMap((operation) => operation.targets(G).map((target) => ({ operation, target })));
}

/** The per-word categorical over a move's target groups, [V, G − 1] logits: absent with context targets or one target. */
export const MOVE_GROUP = 'head/move_group';
export function moveGroupWidth(G: number, moveTarget: MoveTarget): number {
  return moveTarget === 'word' && G > 2 ? G - 1 : 0;
}

/**
 * How each operation column's probability is made: p(column j) = p_LSTM(context_j) · p_word(word_j), where
 * p_LSTM is the softmax over `contextColumns` columns from the LSTM's output and p_word the word's categorical
 * over move targets (word_j null: a factor of 1). With context targets every column is an LSTM column.
 */
export interface ChoiceLayout {
  contextColumns: number;
  columns: { context: number; word: number | null }[];
}

export function choiceLayout(G: number, moveTarget: MoveTarget, names?: readonly OperationName[]): ChoiceLayout {
  const choices = operationChoices(G, names);
  if (moveTarget === 'context') return { contextColumns: choices.length, columns: choices.map((_, j) => ({ context: j, word: null })) };
  const acting = operationsOf(names).filter((o) => o.targets(G).length > 0);
  return {
    contextColumns: acting.length,
    columns: choices.map(({ operation, target }) => ({
      context: acting.indexOf(operation),
      word: operation.wordTarget ? operation.targets(G).indexOf(target) : null,
    })),
  };
}

/**
 * What an LSTM column's logit gets while an operation is barred: far below every other choice, so a bar
 * wins whatever the LSTM and the tables say.
 */
export const BARRED_LOGIT = -1e4;
/** Per LSTM column, BARRED_LOGIT where the column is an operation `barred` names, else 0. */
function barredLogits(G: number, moveTarget: MoveTarget, names: readonly OperationName[] | undefined, barred: (o: RegisterOperation) => boolean): number[] {
  const layout = choiceLayout(G, moveTarget, names);
  const choices = operationChoices(G, names);
  return Array.from({ length: layout.contextColumns }, (_, l) => (layout.columns.some((c, j) => c.context === l && choices[j] && barred(choices[j].operation)) ? BARRED_LOGIT : 0));
}
/**
 * Architecture.signOnce: added once the number is negative. The sign is set, never flipped, so a second
 * negate could only lose its word's own value ("minus a thousand" read as 0).
 */
export function signSetLogits(G: number, moveTarget: MoveTarget, names?: readonly OperationName[]): number[] {
  return barredLogits(G, moveTarget, names, (o) => o.negates);
}
/**
 * Added once a word has scaled the number (RegisterOperation.scales). Under Architecture.digitUnscaled digit is
 * barred: appending a digit then could only be a misreading ("one hundred three" as 1003). Under
 * .placeValue every shift is (digit and pair): a year shifts once ("sixteen oh eight" is 1600 + 8, not a
 * second shift to 160,008).
 */
export function scaledBarLogits(G: number, moveTarget: MoveTarget, names: readonly OperationName[] | undefined, rules: ScaledRules): number[] | null {
  const logits = barredLogits(G, moveTarget, names, (o) => barredOnceScaled(o, rules));
  // Null where these rules bar nothing: the reader then need not track whether the number was scaled.
  return logits.some((l) => l !== 0) ? logits : null;
}
/** The architecture's rules for a scaled number (Architecture.digitUnscaled, .placeValue). */
export type ScaledRules = { digitUnscaled?: boolean; placeValue?: boolean };
/** Whether an entry is out of the choice once a word has scaled the number, under these rules. */
export function barredOnceScaled(o: RegisterOperation, rules: ScaledRules): boolean {
  return (rules.digitUnscaled === true && o.appendsDigit) || (rules.placeValue === true && o.shift !== 1);
}

/**
 * Architecture.placeValue: the LSTM column of each entry with a misplaced rule, and the rule, barred on a row where
 * it holds. Only move shares its column (word targets), and it has none.
 */
export function placedColumns(G: number, moveTarget: MoveTarget, names?: readonly OperationName[]): { context: number; misplaced: NonNullable<RegisterOperation['misplaced']> }[] {
  const layout = choiceLayout(G, moveTarget, names);
  return operationChoices(G, names).flatMap(({ operation }, j) => (operation.misplaced ? [{ context: (layout.columns[j] as { context: number }).context, misplaced: operation.misplaced }] : []));
}
/**
 * The smallest power of ten above a rounded word value (7: 10, 20: 100), capped at the group base: the units
 * group is below 1000 after every carry, so 1000 already covers each of its places.
 */
function placeOf(value: number): number {
  return value < 10 ? 10 : value < 100 ? 100 : GROUP_BASE;
}
/** Whether adding `operand` to `units` lands on a nonzero digit (18 + 20); adding 0 lands on nothing. */
export function landsOnOccupied(units: number, operand: number): boolean {
  const value = Math.round(Math.abs(operand));
  return value !== 0 && Math.round(units) % placeOf(value) !== 0;
}
/**
 * landsOnOccupied in tfjs, per row: [B, 1] of 0 or 1. Built from steps on integers (x − 0.5), whose gradient tfjs
 * has (zero), where a comparison's it has not.
 */
export function landsOnOccupiedTf(units: Tensor2D, operand: Tensor2D, tf: typeof Tf): Tensor2D {
  const value = tf.round(tf.abs(operand));
  const atLeast = (n: number) => tf.step(tf.sub(value, n - 0.5));
  const place = tf.add(tf.add(10, tf.mul(atLeast(10), 90)), tf.mul(atLeast(100), GROUP_BASE - 100));
  return tf.mul(tf.step(tf.sub(tf.mod(tf.round(units), place), 0.5)), atLeast(1)) as Tensor2D;
}

/** The operation column of an LSTM column and a word's target index (its argmax): the inverse of choiceLayout. */
export function columnOf(layout: ChoiceLayout, context: number, wordTarget: number): number {
  return layout.columns.findIndex((c) => c.context === context && (c.word === null || c.word === wordTarget));
}

/**
 * Per-word op logits, [V, C] over the LSTM columns of choiceLayout, added to the LSTM's own logits: what a
 * word does wherever it stands ("thousand" moves after any tens word, not only after those training saw).
 * `head/op_moved` is added once a move has happened earlier in the phrase, `head/op_digits` once a digit has
 * been appended (a digit string). All are stored in units of OP_LOGIT_UNIT: Adam's steps of ~0.01 would take
 * thousands of steps to reach a decisive logit.
 */
export const OP_WORD = 'head/op_word';
export const OP_MOVED = 'head/op_moved';
export const OP_DIGITS = 'head/op_digits';
export const OP_LOGIT_UNIT = 10;
/**
 * Per-word gate [V, 1] in [0, 1] on the LSTM's op logits (Architecture.contextGate): 0 for a word whose
 * choice training found the same everywhere, so only the tables above decide it.
 */
export const OP_CONTEXT = 'head/op_context';
/**
 * At or below this a gate is shut. Not 0.5: a word that needs the LSTM on a few training tokens an epoch holds its
 * gate open only a little against the L1 pull, and a never-needed one is pulled to 0 exactly (the clamp).
 */
export const CONTEXT_SHUT = 0.05;

/** With or without an implied one: each operation column is a choice twice. */
export const IMPLIED_CHOICES = [0, 1] as const;

/**
 * Every choice training weighs for G groups, in the order of ForwardResult.choices: (no implied one, then
 * one) × operation columns.
 */
export function trainingChoices(G: number, names?: readonly OperationName[]): { implied: 0 | 1; column: number }[] {
  const columns = operationChoices(G, names).length;
  return IMPLIED_CHOICES.flatMap((implied) => Array.from({ length: columns }, (_, column) => ({ implied, column })));
}

/** Whether a chosen implied one is added: only to empty units, before an entry that takes one ("thousand" alone). */
export function impliedTaken(operation: RegisterOperation, word: WordF64, units: number, implied: boolean): boolean {
  return implied && Math.abs(units) < 0.5 && operation.takesImplied.f64(word);
}

/**
 * registerStep in float64 on one row of integer groups, in place, for the chosen operation column; the
 * registers are then rounded (the served reading rounds every token). The caller carries.
 */
export function registerStepF64(groups: Float64Array, choice: OperationChoice, implied: boolean, word: WordF64): void {
  const { operation, target } = choice;
  const units = groups[0] as number;
  const x = units + (impliedTaken(operation, word, units, implied) ? 1 : 0);
  if (operation.shift !== 1) for (let k = 1; k < groups.length; k++) groups[k] = (groups[k] as number) * operation.shift;
  groups[0] = operation.units ? Math.round(operation.units.f64(x, word)) : 0;
  if (operation.carries) groups[target] = Math.round((groups[target] as number) + x);
}

/**
 * The register head's operation for a person: "+ 7", "× 100", "one, move to thousands", "shift one digit,
 * + 2" or "keep". `entry` is the table entry performed; without it (a cardinal table) a carry means the move.
 * `units`, the units group before the token: given, "one" is said only where the implied one was added (the
 * gate may choose one where it changes nothing: "two" after "million").
 */
export function describeOps({ operand, multiplier, carry, implied, group, units }: { operand: number; multiplier: number; carry: number; implied: number; group: number; units?: number }, entry?: RegisterOperation): string {
  const operation = entry ?? REGISTER_OPERATIONS.find((o) => o.carries === carry > 0.5);
  const word = { operand, multiplier, logScale: Math.log(multiplier) };
  const one = implied > 0.5 && (units === undefined || (operation !== undefined && impliedTaken(operation, word, units, true))) ? 'one' : '';
  const what = operation ? operation.describe({ operand, multiplier }, group) : '';
  return one && what ? `${one}, ${what}` : one || what || 'keep';
}
