// Exact numbers for every reading: a signed rational with BigInt numerator and denominator, always reduced,
// so "five quintillion", "minus thirty eight thousand…", "three point one four" and "two thirds" are carried
// without the rounding of a JavaScript number. toString writes the value exactly; toNumber gives the nearest
// JSON number. Browser-safe.

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** Bits needed to write a positive BigInt, within 3: from its hex digits, `over` rounding up, else down. */
const bitsAbout = (a: bigint, over: boolean): number => (a.toString(16).length - (over ? 0 : 1)) * 4;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The exponents of 2 and 5 in `d`, and whether nothing else divides it (the decimal form then ends). */
function twosAndFives(d: bigint): { twos: number; fives: number; terminates: boolean } {
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return { twos, fives, terminates: d === 1n };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
/** How String(x) writes a finite number: "12.5", "-3", "1e+21", "1.5e-7". */
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

export class Exact {
  /** Numerator, carrying the sign. */
  readonly numerator: bigint;
  /** Denominator, positive and coprime to the numerator. */
  readonly denominator: bigint;

  private constructor(numerator: bigint, denominator: bigint) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  static readonly ZERO = new Exact(0n, 1n);
  static readonly ONE = new Exact(1n, 1n);

  /** An integer (a JavaScript number must be a safe integer: anything else is already rounded). */
  static integer(n: number | bigint): Exact {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer; give a BigInt`);
    return new Exact(BigInt(n), 1n);
  }

  /** numerator / denominator, reduced; the denominator must not be zero. */
  static fraction(numerator: number | bigint, denominator: number | bigint): Exact {
    // Safe integers reduce in doubles (exact there), far cheaper than BigInt remainders: decimals and
    // fractions of every phrase come this way.
    if (typeof numerator === 'number' && typeof denominator === 'number' && Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator) && denominator > 0) {
      let [a, b] = [Math.abs(numerator), denominator];
      while (b !== 0) [a, b] = [b, a % b];
      return new Exact(BigInt(numerator / a), BigInt(denominator / a));
    }
    const n = typeof numerator === 'bigint' ? numerator : Exact.integer(numerator).numerator;
    let d = typeof denominator === 'bigint' ? denominator : Exact.integer(denominator).numerator;
    if (d === 0n) throw new RangeError('division by zero');
    let num = n;
    if (d < 0n) {
      num = -num;
      d = -d;
    }
    const g = gcd(abs(num), d);
    return g === 1n ? new Exact(num, d) : new Exact(num / g, d / g);
  }

  /** A decimal written in digits: "3.1415926", "-0.05", "12". */
  static decimal(text: string): Exact {
    const match = DECIMAL.exec(text);
    if (!match) throw new RangeError(`"${text}" is not a decimal number`);
    const [, sign, whole, fraction = ''] = match;
    const digits = BigInt(`${whole}${fraction}`);
    return Exact.fraction(sign === '-' ? -digits : digits, 10n ** BigInt(fraction.length));
  }

  /** The shortest decimal that reads back as `x` (what JavaScript prints), exactly: 0.1 → 1/10, not 2^-55·…. */
  /** Exact.fromNumber(x).toString(), without building one for a safe integer (answers write one per word). */
  static text(x: number): string {
    return Number.isSafeInteger(x) ? String(x) : Exact.fromNumber(x).toString();
  }

  static fromNumber(x: number): Exact {
    if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
    if (Number.isSafeInteger(x)) return Exact.integer(x);
    const match = NUMBER_TEXT.exec(String(x)) as RegExpExecArray;
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    const places = fraction.length - Number(exponent);
    const digits = BigInt(`${sign}${whole}${fraction}`);
    return places >= 0 ? Exact.fraction(digits, 10n ** BigInt(places)) : Exact.integer(digits * 10n ** BigInt(-places));
  }

  get sign(): -1 | 0 | 1 {
    return this.numerator === 0n ? 0 : this.numerator < 0n ? -1 : 1;
  }

  isInteger(): boolean {
    return this.denominator === 1n;
  }

  /** The integer part, truncated toward zero: −7/2 → −3. */
  integerPart(): bigint {
    return this.numerator / this.denominator;
  }

  add(other: Exact): Exact {
    if (this.denominator === 1n && other.denominator === 1n) return new Exact(this.numerator + other.numerator, 1n);
    return Exact.fraction(this.numerator * other.denominator + other.numerator * this.denominator, this.denominator * other.denominator);
  }

  sub(other: Exact): Exact {
    return this.add(other.neg());
  }

  mul(other: Exact): Exact {
    if (this.denominator === 1n && other.denominator === 1n) return new Exact(this.numerator * other.numerator, 1n);
    return Exact.fraction(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  div(other: Exact): Exact {
    if (other.numerator === 0n) throw new RangeError('division by zero');
    return Exact.fraction(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  neg(): Exact {
    return new Exact(-this.numerator, this.denominator);
  }

  /** −1, 0 or 1 as this is less than, equal to or greater than `other`. */
  compare(other: Exact): -1 | 0 | 1 {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Exact): boolean {
    return this.numerator === other.numerator && this.denominator === other.denominator;
  }

  /** The decimal digits when the expansion ends ("3.1415926", "-0.05"), else undefined (1/3). */
  toDecimal(): string | undefined {
    if (this.denominator === 1n) return this.numerator.toString();
    const { twos, fives, terminates } = twosAndFives(this.denominator);
    if (!terminates) return undefined;
    const places = Math.max(twos, fives);
    const scaled = abs(this.numerator) * (10n ** BigInt(places) / this.denominator);
    const digits = scaled.toString().padStart(places + 1, '0');
    const sign = this.numerator < 0n ? '-' : '';
    return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }

  /** Exactly: an integer, a decimal that ends, or "numerator/denominator" ("2/3", "-7/3"). */
  toString(): string {
    return this.toDecimal() ?? `${this.numerator}/${this.denominator}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** The nearest JavaScript number (ties to even), for JSON's `value` fields. */
  toNumber(): number {
    if (this.denominator === 1n) return Number(this.numerator);
    const a = abs(this.numerator);
    // Both exact as numbers: IEEE division rounds their quotient correctly.
    if (a <= SAFE && this.denominator <= SAFE) return Number(this.numerator) / Number(this.denominator);
    // At least 55 significant bits of the quotient plus a sticky bit for any remainder, so Number() rounds
    // once, correctly (more bits than 55 change nothing).
    const shift = Math.max(0, 55 + bitsAbout(this.denominator, true) - bitsAbout(a, false));
    const shifted = a << BigInt(shift);
    const quotient = ((shifted / this.denominator) << 1n) | (shifted % this.denominator === 0n ? 0n : 1n);
    // Two steps of power-of-two scaling, each exact, so no exponent underflows on the way.
    const half = Math.floor((shift + 1) / 2);
    const value = (Number(quotient) * 2 ** -half) * 2 ** -(shift + 1 - half);
    return this.numerator < 0n ? -value : value;
  }
}
