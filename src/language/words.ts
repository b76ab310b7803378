// Number → English words in the phrasing styles the dataset generator offers. The inverse of grammar.ts:
// every phrase this writes, grammar.ts reads back to the same value (tested for 0–9,999 and a sample to 1e9).

import { SCALES, wordForSmall } from './vocab.ts';

export const STYLE_NAMES = ['british', 'american', 'hyphen', 'a-hundred', 'twelve-hundred', 'bare-scale'] as const;
export type StyleName = (typeof STYLE_NAMES)[number];

interface Style {
  /** "and" after "hundred" and before a final group under 100 ("one thousand and five"). */
  and: boolean;
  /** "seventy-seven" instead of "seventy seven". */
  hyphen: boolean;
  /** What a leading "one hundred/thousand/million" becomes: "a hundred …", a bare "hundred …", or kept. */
  leadingOne: 'one' | 'a' | 'bare';
  /** 1,100–9,999 with a hundreds digit read in hundreds: "twelve hundred and five" for 1205. */
  hundreds: boolean;
}

const STYLES: Record<StyleName, Style> = {
  british: { and: true, hyphen: false, leadingOne: 'one', hundreds: false },
  american: { and: false, hyphen: false, leadingOne: 'one', hundreds: false },
  hyphen: { and: true, hyphen: true, leadingOne: 'one', hundreds: false },
  'a-hundred': { and: true, hyphen: false, leadingOne: 'a', hundreds: false },
  'twelve-hundred': { and: true, hyphen: false, leadingOne: 'one', hundreds: true },
  'bare-scale': { and: true, hyphen: false, leadingOne: 'bare', hundreds: false },
};

export function isStyleName(name: string): name is StyleName {
  return (STYLE_NAMES as readonly string[]).includes(name);
}

/** The largest value the grammar and the writer support. */
export const MAX_VALUE = 999_999_999;

function belowHundred(n: number, style: Style): string[] {
  if (n < 20 || n % 10 === 0) return [wordForSmall(n)];
  const tens = wordForSmall(n - (n % 10));
  const unit = wordForSmall(n % 10);
  return style.hyphen ? [`${tens}-${unit}`] : [tens, unit];
}

function belowThousand(n: number, style: Style): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) out.push(wordForSmall(hundreds), 'hundred');
  if (rest > 0) {
    if (hundreds > 0 && style.and) out.push('and');
    out.push(...belowHundred(rest, style));
  }
  return out;
}

/** English words for an integer 0 … 999,999,999. */
export function numberToWords(value: number, styleName: StyleName = 'british'): string {
  if (!Number.isInteger(value) || value < 0 || value > MAX_VALUE) {
    throw new RangeError(`value must be an integer from 0 to ${MAX_VALUE}, got ${value}`);
  }
  if (value === 0) return 'zero';
  const style = STYLES[styleName];
  // "twenty hundred" and "ten hundred" are not said: only a non-zero hundreds digit reads in hundreds.
  if (style.hundreds && value >= 1100 && value < 10_000 && Math.floor(value / 100) % 10 !== 0) {
    const rest = value % 100;
    return [...belowHundred(Math.floor(value / 100), style), 'hundred', ...(rest > 0 ? [...(style.and ? ['and'] : []), ...belowHundred(rest, style)] : [])].join(' ');
  }
  const out: string[] = [];
  let remainder = value;
  for (const [word, scale] of [...SCALES].reverse()) {
    const group = Math.floor(remainder / scale);
    remainder %= scale;
    if (group > 0) out.push(...belowThousand(group, style), word);
  }
  if (remainder > 0) {
    if (out.length > 0 && remainder < 100 && style.and) out.push('and');
    out.push(...belowThousand(remainder, style));
  }
  if (style.leadingOne !== 'one' && out[0] === 'one' && ['hundred', 'thousand', 'million'].includes(out[1] ?? '')) {
    if (style.leadingOne === 'a') out[0] = 'a';
    else out.shift();
  }
  return out.join(' ');
}
