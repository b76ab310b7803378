// Exact values for scoring: every expectation is a rational (decimal string or "a/b"), and a peer's answer
// (a JS number, a decimal string, a BigInt or nalu-words' exact string) is checked against it.

export interface Rational {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.n * b.n, a.d * b.d);
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** "-12.50", ".5", "1.2732E+15", "1E-12", "2/3", "-9/5" → a rational; anything else → undefined. */
export function parseExact(text: string): Rational | undefined {
  const s = text.trim().replace(/,/g, '');
  const slash = s.match(/^([+-]?\d+)\/(\d+)$/);
  if (slash) return BigInt(slash[2] as string) === 0n ? undefined : rational(BigInt(slash[1] as string), BigInt(slash[2] as string));
  const m = s.match(DECIMAL);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let n = BigInt(`${whole}${fraction}` || '0');
  let d = 10n ** BigInt(fraction.length);
  const e = Number(exponent);
  if (e >= 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  return rational(sign === '-' ? -n : n, d);
}

/** Integers and terminating decimals as decimal strings, other rationals as "a/b". */
export function formatExact(r: Rational): string {
  if (r.d === 1n) return r.n.toString();
  let d = r.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
  if (d !== 1n) return `${r.n}/${r.d}`;
  const places = Math.max(twos, fives);
  const scaled = (r.n * 10n ** BigInt(places)) / r.d;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

export function equal(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}

export function toNumber(r: Rational): number {
  return Number(r.n) / Number(r.d);
}

export type Answer = number | bigint | string | null | undefined;

export interface MatchOptions {
  /** The peer rounds non-integers to this many decimals (compromise: 3); that rounding is accepted. */
  decimals?: number;
}

/**
 * Whether `answer` is `expected`. Integers must be exact (a double that cannot hold the integer is wrong);
 * other values must be exact if given as a string, else within a relative 1e-9 (a double cannot hold 2/3).
 */
export function matches(expected: Rational, answer: Answer, options: MatchOptions = {}): boolean {
  if (answer === null || answer === undefined) return false;
  if (typeof answer === 'bigint') return expected.d === 1n && expected.n === answer;
  if (typeof answer === 'string') {
    const parsed = parseExact(answer);
    if (!parsed) return false;
    if (equal(parsed, expected)) return true;
    if (expected.d === 1n) return false;
    return matches(expected, toNumber(parsed), options);
  }
  if (!Number.isFinite(answer)) return false;
  if (expected.d === 1n) return Number.isInteger(answer) && BigInt(answer) === expected.n;
  const x = toNumber(expected);
  if (Math.abs(answer - x) <= 1e-9 * Math.abs(x)) return true;
  if (options.decimals === undefined) return false;
  const scale = 10 ** options.decimals;
  const rounded = Math.round(x * scale) / scale;
  return rounded !== 0 && answer === rounded;
}
