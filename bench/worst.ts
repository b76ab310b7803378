// The search for the costliest batch the limits allow, for bench/http.ts: a hill-climb over how batch
// phrases are made (which words their typos come from, how many edits and of which kind, grammatical
// numbers or runs of words, typos or exact words), scored by the in-process cost of one turn of the
// server's batcher (a chunk of phrases read at detail "steps" and turned to JSON). Typos are drawn fresh
// for every score, so no correction is remembered from the one before.

import { createRng, type Rng } from '../src/common/random.ts';
import { MAX_PHRASE_CHARS } from '../src/language/tokenize.ts';
import { numberToWords } from '../src/language/words.ts';
import type { Predictor } from '../src/reading/predict.ts';

/** The largest number the shipped model reads (cardinals below a billion): its longest phrases cost most. */
const SHIPPED_MAX = 999_999_999;

const EDITS = ['substitute', 'insert', 'delete', 'transpose'] as const;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** How the phrases of a batch are made. */
export interface Recipe {
  /** Relative weight of each source word (the model's words of 3+ letters) for a typo. */
  wordWeights: number[];
  /** Relative weight of each kind of edit. */
  editWeights: number[];
  /** Chance that a word of 7+ letters gets two edits (the correction budget there) rather than one. */
  twoEdits: number;
  /** Chance that a word is a typo rather than the word itself. */
  typoShare: number;
  /** Phrases are numbers in words (read to the end by the grammar and the network) or runs of words. */
  grammatical: boolean;
}

function pick(rng: Rng, weights: readonly number[]): number {
  let r = rng() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i] as number) < 0) return i;
  return weights.length - 1;
}

function edit(word: string, kind: (typeof EDITS)[number], rng: Rng): string {
  const at = Math.floor(rng() * word.length);
  const letter = LETTERS[Math.floor(rng() * 26)] as string;
  if (kind === 'substitute') return word.slice(0, at) + letter + word.slice(at + 1);
  if (kind === 'insert') return word.slice(0, at) + letter + word.slice(at);
  if (kind === 'delete') return word.length > 3 ? word.slice(0, at) + word.slice(at + 1) : word;
  const i = Math.min(at, word.length - 2);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

export class PhraseMaker {
  private readonly sources: string[];
  private readonly vocabulary: Set<string>;

  constructor(vocabulary: readonly string[]) {
    this.vocabulary = new Set(vocabulary);
    this.sources = vocabulary.filter((w) => w.length >= 3);
  }

  /** A recipe with every choice equally likely: the search's start. */
  uniform(): Recipe {
    return { wordWeights: this.sources.map(() => 1), editWeights: EDITS.map(() => 1), twoEdits: 0.5, typoShare: 1, grammatical: false };
  }

  /** The recipe with one of its choices moved at random. */
  mutate(recipe: Recipe, rng: Rng): Recipe {
    const next: Recipe = { ...recipe, wordWeights: [...recipe.wordWeights], editWeights: [...recipe.editWeights] };
    const scale = (x: number) => Math.max(0.01, x * Math.exp(rng() * 2 - 1));
    const clamp = (x: number) => Math.min(1, Math.max(0, x + (rng() - 0.5) * 0.4));
    const which = rng();
    if (which < 0.5) for (let k = 0; k < 3; k++) { const i = Math.floor(rng() * next.wordWeights.length); next.wordWeights[i] = scale(next.wordWeights[i] as number); }
    else if (which < 0.7) { const i = Math.floor(rng() * EDITS.length); next.editWeights[i] = scale(next.editWeights[i] as number); }
    else if (which < 0.8) next.twoEdits = clamp(next.twoEdits);
    else if (which < 0.9) next.typoShare = clamp(next.typoShare);
    else next.grammatical = !next.grammatical;
    return next;
  }

  private typo(word: string, recipe: Recipe, rng: Rng): string {
    if (rng() >= recipe.typoShare) return word;
    let typo = edit(word, EDITS[pick(rng, recipe.editWeights)] as (typeof EDITS)[number], rng);
    if (word.length >= 7 && rng() < recipe.twoEdits) typo = edit(typo, EDITS[pick(rng, recipe.editWeights)] as (typeof EDITS)[number], rng);
    return typo;
  }

  /** A phrase of at most MAX_PHRASE_CHARS made by `recipe`. */
  phrase(recipe: Recipe, rng: Rng): string {
    const words: string[] = [];
    let length = -1;
    const add = (word: string) => {
      if (length + 1 + word.length > MAX_PHRASE_CHARS) return false;
      words.push(word);
      length += 1 + word.length;
      return true;
    };
    if (recipe.grammatical) {
      // A large number whose words the model reads, each word of 3+ letters typed wrong.
      for (let tries = 0; tries < 100; tries++) {
        const number = numberToWords(Math.floor(SHIPPED_MAX * (0.1 + 0.9 * rng()))).split(/[\s-]+/);
        if (!number.every((w) => this.vocabulary.has(w))) continue;
        for (const w of number) add(w.length >= 3 ? this.typo(w, recipe, rng) : w);
        return words.join(' ');
      }
    }
    while (add(this.typo(this.sources[pick(rng, recipe.wordWeights)] as string, recipe, rng)));
    return words.join(' ');
  }

  phrases(recipe: Recipe, rng: Rng, count: number): string[] {
    return Array.from({ length: count }, () => this.phrase(recipe, rng));
  }
}

/**
 * CPU milliseconds of one batcher turn (`chunk` phrases read at detail "steps", then JSON), the mean over
 * the chunks of `phrases`. CPU time, not wall time: on a shared machine the wait for a core would drown the
 * differences the search looks for; a mean over many turns, since the process's CPU clock may tick in
 * milliseconds.
 */
export function turnCost(predictor: Predictor, phrases: readonly string[], chunk: number): number {
  const start = process.cpuUsage();
  let turns = 0;
  for (let i = 0; i + chunk <= phrases.length; i += chunk, turns++) JSON.stringify(predictor.predictMany(phrases.slice(i, i + chunk), 'steps'));
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000 / turns;
}

export interface SearchResult {
  recipe: Recipe;
  /** Its turn cost, scored again on fresh phrases after the search. */
  turnMs: number;
  /** Mutations tried, and the uniform recipe's turn cost scored as `turnMs` is. */
  tried: number;
  uniformMs: number;
}

/** Hill-climbs from the uniform recipe for `iterations` mutations, keeping any that costs more. */
export function searchWorst(predictor: Predictor, chunk: number, iterations: number, seed = 1): SearchResult {
  const maker = new PhraseMaker(predictor.meta.vocabulary);
  const rng = createRng(seed);
  const score = (recipe: Recipe, turns: number) => turnCost(predictor, maker.phrases(recipe, rng, chunk * turns), chunk);
  let best = maker.uniform();
  for (let i = 0; i < iterations; i++) {
    // Scored side by side, each on its own fresh phrases: one lucky score on a busy machine would otherwise
    // stand as the best for good.
    const candidate = maker.mutate(best, rng);
    if (score(candidate, 10) > score(best, 10)) best = candidate;
  }
  return { recipe: best, turnMs: score(best, 20), tried: iterations, uniformMs: score(maker.uniform(), 20) };
}
