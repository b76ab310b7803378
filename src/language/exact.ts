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

const FIVE_16 = 5n ** 16n;

/** The exponents of 2 and 5 in `d`, and whether nothing else divides it (the decimal form then ends). */
function twosAndFives(d: bigint): { twos: number; fives: number; terminates: boolean } {
  // The 2s from the lowest set bit, the 5s sixteen at a time: a decimal of 297 places divided one at a time
  // took hundreds of BigInt divisions to write.
  const twos = (d & -d).toString(2).length - 1;
  d >>= BigInt(twos);
  let fives = 0;
  while (d % FIVE_16 === 0n) {
    d /= FIVE_16;
    fives += 16;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return { twos, fives, terminates: d === 1n };
}

/** Powers of 2 and of 5 to the 15th, exact doubles (a table: Math.pow is a decimal digit's main cost). */
const TWOS = Array.from({ length: 16 }, (_, i) => 2 ** i);
const FIVES = Array.from({ length: 16 }, (_, i) => 5 ** i);

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
/** How String(x) writes a finite number: "12.5", "-3", "1e+21", "1.5e-7". */
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

export class Exact {
  // Safe integers are kept as numbers, so the everyday value (every token's running value) makes no BigInt:
  // both parts numbers while both are safe integers, else both BigInts. One form per value, so equal values
  // have equal fields.
  private readonly n: number | bigint;
  private readonly d: number | bigint;

  private constructor(n: number | bigint, d: number | bigint) {
    this.n = n;
    this.d = d;
  }

  /** From a reduced BigInt fraction (positive denominator): numbers when both parts are safe. */
  private static ofBig(n: bigint, d: bigint): Exact {
    return d <= SAFE && n <= SAFE && n >= -SAFE ? new Exact(Number(n), Number(d)) : new Exact(n, d);
  }

  static readonly ZERO = new Exact(0, 1);
  static readonly ONE = new Exact(1, 1);

  /** Numerator, carrying the sign. */
  get numerator(): bigint {
    return BigInt(this.n);
  }

  /** Denominator, positive and coprime to the numerator. */
  get denominator(): bigint {
    return BigInt(this.d);
  }

  /** An integer (a JavaScript number must be a safe integer: anything else is already rounded). */
  static integer(n: number | bigint): Exact {
    if (typeof n === 'bigint') return Exact.ofBig(n, 1n);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer; give a BigInt`);
    return new Exact(n + 0, 1); // + 0: -0 is 0
  }

  /** numerator / denominator, reduced; the denominator must not be zero. */
  static fraction(numerator: number | bigint, denominator: number | bigint): Exact {
    // Safe integers reduce in doubles (exact there), far cheaper than BigInt remainders: decimals and
    // fractions of every phrase come this way, given as numbers or as BigInts.
    if (typeof numerator === 'bigint' && numerator <= SAFE && numerator >= -SAFE) numerator = Number(numerator);
    if (typeof denominator === 'bigint' && denominator <= SAFE && denominator >= -SAFE) denominator = Number(denominator);
    if (typeof numerator === 'number' && typeof denominator === 'number' && Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator) && denominator !== 0) {
      const flip = denominator < 0 ? -1 : 1;
      let a = Math.abs(numerator);
      let b = Math.abs(denominator);
      while (b !== 0) {
        const rest = a % b;
        a = b;
        b = rest;
      }
      return new Exact((flip * numerator) / a + 0, (flip * denominator) / a);
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
    return g === 1n ? Exact.ofBig(num, d) : Exact.ofBig(num / g, d / g);
  }

  /**
   * digits / 10^places, reduced: the value of a decimal's digits. Only 2s and 5s can divide out, a few
   * remainders instead of Euclid's steps (a decimal's running value is made on every token after its point).
   */
  static scaled(digits: number, places: number): Exact {
    if (!Number.isSafeInteger(digits)) throw new RangeError(`${digits} is not a safe integer; give Exact.fraction BigInts`);
    if (places > 15) return Exact.overPowerOfTen(BigInt(digits), places); // 10^16 is past 2^53
    let [n, twos, fives] = [digits, places, places];
    while (twos > 0 && n % 2 === 0) {
      n /= 2;
      twos--;
    }
    while (fives > 0 && n % 5 === 0) {
      n /= 5;
      fives--;
    }
    return new Exact(n + 0, (TWOS[twos] as number) * (FIVES[fives] as number));
  }

  /**
   * digits / 10^places, reduced, for digits past the safe integers: as `scaled`, only 2s and 5s divide out,
   * where Euclid's algorithm on a 48-digit decimal took most of its reading.
   */
  static overPowerOfTen(digits: bigint, places: number): Exact {
    if (digits === 0n) return Exact.ZERO;
    let [n, twos, fives] = [digits, places, places];
    while (twos > 0 && n % 2n === 0n) {
      n /= 2n;
      twos--;
    }
    while (fives > 0 && n % 5n === 0n) {
      n /= 5n;
      fives--;
    }
    return Exact.ofBig(n, 2n ** BigInt(twos) * 5n ** BigInt(fives));
  }

  /** A decimal written in digits: "3.1415926", "-0.05", "12". */
  static decimal(text: string): Exact {
    const match = DECIMAL.exec(text);
    if (!match) throw new RangeError(`"${text}" is not a decimal number`);
    const [, sign, whole = '', fraction = ''] = match;
    // Up to 15 digits the digits and the power of ten are exact doubles.
    if (whole.length + fraction.length <= 15) return Exact.scaled(Number(`${sign}${whole}${fraction}`), fraction.length);
    const digits = BigInt(`${whole}${fraction}`);
    return Exact.overPowerOfTen(sign === '-' ? -digits : digits, fraction.length);
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
    return places >= 0 ? Exact.overPowerOfTen(digits, places) : Exact.integer(digits * 10n ** BigInt(-places));
  }

  get sign(): -1 | 0 | 1 {
    return this.n === 0 || this.n === 0n ? 0 : this.n < 0 ? -1 : 1;
  }

  isInteger(): boolean {
    return this.d === 1 || this.d === 1n;
  }

  /** The integer part, truncated toward zero: −7/2 → −3. */
  integerPart(): bigint {
    // In doubles: the remainder is exact, so the difference divides exactly.
    if (typeof this.n === 'number') return BigInt((this.n - (this.n % (this.d as number))) / (this.d as number));
    return (this.n as bigint) / (this.d as bigint);
  }

  // Each operation runs in doubles when its products and sums are safe integers (a result past 2^53 comes
  // out of a double at 2^53 or more, so the check cannot pass on a rounded value), else in BigInts.

  add(other: Exact): Exact {
    if (typeof this.n === 'number' && typeof other.n === 'number') {
      const [a, b, c, e] = [this.n, this.d as number, other.n, other.d as number];
      if (b === 1 && e === 1) {
        const sum = a + c;
        if (Number.isSafeInteger(sum)) return new Exact(sum + 0, 1);
      } else {
        const [left, right, d] = [a * e, c * b, b * e];
        if (Number.isSafeInteger(left) && Number.isSafeInteger(right) && Number.isSafeInteger(d) && Number.isSafeInteger(left + right)) return Exact.fraction(left + right, d);
      }
    }
    const [a, b, c, e] = [this.numerator, this.denominator, other.numerator, other.denominator];
    if (b === 1n && e === 1n) return Exact.ofBig(a + c, 1n);
    return Exact.fraction(a * e + c * b, b * e);
  }

  sub(other: Exact): Exact {
    return this.add(other.neg());
  }

  mul(other: Exact): Exact {
    if (typeof this.n === 'number' && typeof other.n === 'number') {
      const [n, d] = [this.n * other.n, (this.d as number) * (other.d as number)];
      if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return d === 1 ? new Exact(n + 0, 1) : Exact.fraction(n, d);
    }
    const [n, d] = [this.numerator * other.numerator, this.denominator * other.denominator];
    return d === 1n ? Exact.ofBig(n, 1n) : Exact.fraction(n, d);
  }

  div(other: Exact): Exact {
    if (other.sign === 0) throw new RangeError('division by zero');
    if (typeof this.n === 'number' && typeof other.n === 'number') {
      const [n, d] = [this.n * (other.d as number), (this.d as number) * other.n];
      if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return Exact.fraction(n, d);
    }
    return Exact.fraction(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  neg(): Exact {
    return new Exact(typeof this.n === 'number' ? 0 - this.n : -this.n, this.d);
  }

  /** −1, 0 or 1 as this is less than, equal to or greater than `other`. */
  compare(other: Exact): -1 | 0 | 1 {
    if (typeof this.n === 'number' && typeof other.n === 'number') {
      const [left, right] = [this.n * (other.d as number), other.n * (this.d as number)];
      if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left < right ? -1 : left > right ? 1 : 0;
    }
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Exact): boolean {
    // One form per value: numbers equal numbers, BigInts BigInts.
    return this.n === other.n && this.d === other.d;
  }

  /** The decimal digits when the expansion ends ("3.1415926", "-0.05"), else undefined (1/3). */
  toDecimal(): string | undefined {
    if (this.isInteger()) return String(this.n);
    const [numerator, denominator] = [this.numerator, this.denominator];
    const { twos, fives, terminates } = twosAndFives(denominator);
    if (!terminates) return undefined;
    const places = Math.max(twos, fives);
    const scaled = abs(numerator) * (10n ** BigInt(places) / denominator);
    const digits = scaled.toString().padStart(places + 1, '0');
    const sign = numerator < 0n ? '-' : '';
    return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }

  /** Exactly: an integer, a decimal that ends, or "numerator/denominator" ("2/3", "-7/3"). */
  toString(): string {
    return this.toDecimal() ?? `${this.n}/${this.d}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** The nearest JavaScript number (ties to even), for JSON's `value` fields. */
  toNumber(): number {
    // Both exact as numbers: IEEE division rounds their quotient correctly.
    if (typeof this.n === 'number') return this.n / (this.d as number);
    if (this.d === 1n) return Number(this.n);
    const [numerator, denominator] = [this.n, this.d as bigint];
    const a = abs(numerator);
    // At least 55 significant bits of the quotient plus a sticky bit for any remainder, so Number() rounds
    // once, correctly (more bits than 55 change nothing).
    const shift = Math.max(0, 55 + bitsAbout(denominator, true) - bitsAbout(a, false));
    const shifted = a << BigInt(shift);
    const quotient = ((shifted / denominator) << 1n) | (shifted % denominator === 0n ? 0n : 1n);
    // Two steps of power-of-two scaling, each exact, so no exponent underflows on the way.
    const half = Math.floor((shift + 1) / 2);
    const value = (Number(quotient) * 2 ** -half) * 2 ** -(shift + 1 - half);
    return numerator < 0n ? -value : value;
  }
}
