// Token ids for a model, in the lexicon's order (src/language/lexicon.ts), so the same word set always gives
// the same ids and a word added to the lexicon never moves an old one.

import { LEXICON } from './lexicon.ts';

/** Padding id 0 is reserved so right-padded batches never collide with a real token. */
export const PAD = '<pad>';

/** Token ids for a model: PAD first, then the given words in the lexicon's order. */
export class Vocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(words: Iterable<string>) {
    const wanted = new Set(words);
    for (const w of wanted) {
      if (!LEXICON.words.has(w)) throw new Error(`"${w}" is not a number word`);
    }
    this.words = [PAD, ...[...LEXICON.words.keys()].filter((w) => wanted.has(w))];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return word !== PAD && this.ids.has(word);
  }

  id(word: string): number {
    const id = this.ids.get(word);
    if (id === undefined || word === PAD) throw new Error(`"${word}" is not in this vocabulary`);
    return id;
  }
}
