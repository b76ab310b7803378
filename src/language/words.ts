// Number → English words in the phrasing styles the dataset generator offers. The inverse of grammar.ts:
// every phrase this writes, grammar.ts reads back to the same value (tested for 0–9,999 and a sample to 1e9).

import { LEXICON, type Lexicon } from './lexicon.ts';

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

/** The largest value the writer supports with this lexicon: 999 of its largest scale and below. */
export function maxValue(lexicon: Lexicon = LEXICON): bigint {
  const largest = lexicon.scales[lexicon.scales.length - 1]?.power ?? 0;
  return 10n ** BigInt(largest + 3) - 1n;
}

function belowHundred(n: number, style: Style, lexicon: Lexicon): string[] {
  if (n < 20 || n % 10 === 0) return [lexicon.wordForSmall(n)];
  const tens = lexicon.wordForSmall(n - (n % 10));
  const unit = lexicon.wordForSmall(n % 10);
  return style.hyphen ? [`${tens}-${unit}`] : [tens, unit];
}

function belowThousand(n: number, style: Style, lexicon: Lexicon): string[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const out: string[] = [];
  if (hundreds > 0) out.push(lexicon.wordForSmall(hundreds), 'hundred');
  if (rest > 0) {
    if (hundreds > 0 && style.and) out.push('and');
    out.push(...belowHundred(rest, style, lexicon));
  }
  return out;
}

/** English words for an integer from 0 to maxValue(lexicon) (a safe integer, or a BigInt beyond). */
export function numberToWords(value: number | bigint, styleName: StyleName = 'british', lexicon: Lexicon = LEXICON): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`value must be a safe integer or a BigInt, got ${value}`);
  const n = BigInt(value);
  if (n < 0n || n > maxValue(lexicon)) throw new RangeError(`value must be an integer from 0 to ${maxValue(lexicon)}, got ${value}`);
  if (n === 0n) return 'zero';
  const style = STYLES[styleName];
  // "twenty hundred" and "ten hundred" are not said: only a non-zero hundreds digit reads in hundreds.
  if (style.hundreds && n >= 1100n && n < 10_000n && (n / 100n) % 10n !== 0n) {
    const rest = Number(n % 100n);
    return [...belowHundred(Number(n / 100n), style, lexicon), 'hundred', ...(rest > 0 ? [...(style.and ? ['and'] : []), ...belowHundred(rest, style, lexicon)] : [])].join(' ');
  }
  const out: string[] = [];
  let remainder = n;
  for (const { word, power } of [...lexicon.scales].reverse()) {
    const scale = 10n ** BigInt(power);
    const group = Number(remainder / scale);
    remainder %= scale;
    if (group > 0) out.push(...belowThousand(group, style, lexicon), word);
  }
  const rest = Number(remainder);
  if (rest > 0) {
    if (out.length > 0 && rest < 100 && style.and) out.push('and');
    out.push(...belowThousand(rest, style, lexicon));
  }
  if (style.leadingOne !== 'one' && out[0] === 'one' && (out[1] === 'hundred' || lexicon.info(out[1] ?? '')?.kind === 'scale')) {
    if (style.leadingOne === 'a') out[0] = 'a';
    else out.shift();
  }
  return out.join(' ');
}
