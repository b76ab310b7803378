import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Exact } from '../../src/language/exact.ts';
import { createRng } from '../../src/common/random.ts';

describe('Exact', () => {
  it('writes integers, ending decimals and fractions exactly', () => {
    assert.equal(Exact.integer(5_000_000_000_000_000_000n).toString(), '5000000000000000000');
    assert.equal(Exact.integer(-38263).toString(), '-38263');
    assert.equal(Exact.decimal('3.1415926').toString(), '3.1415926');
    assert.equal(Exact.fraction(2, 3).toString(), '2/3');
    assert.equal(Exact.fraction(-14, 6).toString(), '-7/3');
    assert.equal(Exact.fraction(5, 2).toString(), '2.5');
    assert.equal(Exact.fraction(-1, 20).toString(), '-0.05');
    assert.equal(Exact.fraction(6, 3).toString(), '2');
    assert.equal(Exact.decimal('12.990').toString(), '12.99');
    assert.equal(JSON.stringify({ exact: Exact.fraction(1, 3) }), '{"exact":"1/3"}');
  });

  it('keeps fractions reduced with a positive denominator', () => {
    const x = Exact.fraction(10, -4);
    assert.equal(x.numerator, -5n);
    assert.equal(x.denominator, 2n);
    assert.equal(x.integerPart(), -2n);
    assert.equal(x.sign, -1);
    assert.throws(() => Exact.fraction(1, 0), RangeError);
    assert.throws(() => Exact.integer(2 ** 53), RangeError);
    assert.throws(() => Exact.decimal('1e5'), RangeError);
  });

  it('adds, multiplies, divides and compares exactly above 2^53', () => {
    const big = Exact.integer(2n ** 53n);
    const one = Exact.ONE;
    assert.equal(big.add(one).toString(), '9007199254740993'); // not representable as a number
    assert.equal(big.add(one).sub(big).toString(), '1');
    const quintillion = Exact.integer(10n ** 18n);
    assert.equal(quintillion.mul(Exact.integer(999)).add(Exact.integer(1)).toString(), '999000000000000000001');
    assert.equal(quintillion.div(Exact.integer(3)).toString(), '1000000000000000000/3');
    assert.equal(Exact.fraction(1, 3).add(Exact.fraction(1, 6)).toString(), '0.5');
    assert.equal(Exact.fraction(2, 3).mul(Exact.fraction(3, 4)).toString(), '0.5');
    assert.equal(Exact.fraction(2, 3).div(Exact.fraction(4, 9)).toString(), '1.5');
    assert.equal(big.add(one).compare(big), 1);
    assert.equal(big.compare(big.add(one)), -1);
    assert.equal(Exact.fraction(1, 3).compare(Exact.decimal('0.3333333333333333333')), 1);
    assert.ok(Exact.fraction(4, 6).equals(Exact.fraction(2, 3)));
    assert.throws(() => one.div(Exact.ZERO), RangeError);
  });

  it('reads a number as the decimal JavaScript prints for it', () => {
    assert.equal(Exact.fromNumber(0.1).toString(), '0.1');
    assert.equal(Exact.fromNumber(-992779.625).toString(), '-992779.625');
    assert.equal(Exact.fromNumber(1e21).toString(), '1000000000000000000000');
    assert.equal(Exact.fromNumber(1.5e-7).toString(), '0.00000015');
    assert.equal(Exact.fromNumber(42).toString(), '42');
    for (const x of [0.1, 1 / 3, 2 ** 60, -1e-300, 123.456]) assert.equal(Exact.fromNumber(x).toNumber(), x);
    assert.throws(() => Exact.fromNumber(NaN), RangeError);
  });

  it('gives the nearest number', () => {
    assert.equal(Exact.fraction(1, 3).toNumber(), 1 / 3);
    assert.equal(Exact.fraction(-2, 3).toNumber(), -2 / 3);
    assert.equal(Exact.decimal('3.1415926').toNumber(), 3.1415926);
    assert.equal(Exact.integer(2n ** 53n + 1n).toNumber(), 2 ** 53); // a tie, to even
    assert.equal(Exact.integer(2n ** 53n + 3n).toNumber(), 2 ** 53 + 4);
    assert.equal(Exact.fraction(10n ** 30n + 1n, 3n).toNumber(), 1e30 / 3);
    assert.equal(Exact.fraction(1n, 10n ** 18n).toNumber(), 1e-18);
    // Random quotients of safe integers: IEEE division of exact operands is correctly rounded, so it is the oracle.
    const rng = createRng(3);
    for (let i = 0; i < 2000; i++) {
      const a = Math.floor((rng() - 0.5) * 2 ** 53);
      const b = Math.floor(rng() * 2 ** 40) + 1;
      assert.equal(Exact.fraction(a, b).toNumber(), a / b, `${a}/${b}`);
    }
    // Past the safe integers: the shortest decimal of any double, exact, reads back as that double.
    for (let i = 0; i < 2000; i++) {
      const x = (rng() - 0.5) * 10 ** Math.floor(rng() * 60 - 30);
      assert.equal(Exact.fromNumber(x).toNumber(), x, String(x));
    }
  });
});

describe('Exact in doubles and in BigInts', () => {
  // The oracle: the same arithmetic in BigInts alone, reduced by Euclid.
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const reduced = (n: bigint, d: bigint) => {
    const g = gcd(n, d) * (d < 0n ? -1n : 1n);
    return `${n / g}/${d / g}`;
  };
  const parts = (x: Exact) => `${x.numerator}/${x.denominator}`;

  it('crosses 2^53 both ways and lands on the same value as one made directly', () => {
    for (let k = -3; k <= 3; k++) {
      const near = Exact.integer(2n ** 53n + BigInt(k));
      assert.equal(near.toString(), `${2n ** 53n + BigInt(k)}`);
      // From the safe side by additions and products of numbers, and back down by a subtraction.
      assert.ok(Exact.integer(Number.MAX_SAFE_INTEGER - 3).add(Exact.integer(k + 4)).equals(near));
      assert.ok(Exact.integer(2 ** 26).mul(Exact.integer(2 ** 27)).add(Exact.integer(k)).equals(near));
      const back = near.sub(Exact.integer(10));
      assert.deepEqual(back, Exact.integer(2n ** 53n + BigInt(k) - 10n)); // one form per value, fields and all
      assert.ok(back.equals(Exact.integer(Number(2n ** 53n + BigInt(k) - 10n))));
    }
    assert.deepEqual(Exact.integer(2n ** 53n - 1n), Exact.integer(Number.MAX_SAFE_INTEGER));
    assert.equal(Exact.integer(2n ** 53n).compare(Exact.integer(Number.MAX_SAFE_INTEGER)), 1);
    assert.equal(Exact.fraction(Number.MAX_SAFE_INTEGER, 2).compare(Exact.fraction(Number.MAX_SAFE_INTEGER - 1, 2)), 1);
    assert.deepEqual(Exact.fraction(Number.MAX_SAFE_INTEGER, 3).add(Exact.fraction(1, 3)), Exact.fraction(2n ** 53n, 3n));
    assert.equal(Exact.fraction(Number.MAX_SAFE_INTEGER, 7).integerPart(), 2n ** 53n / 7n);
    assert.equal(Exact.fraction(-Number.MAX_SAFE_INTEGER, 2).integerPart(), -(2n ** 52n) + 1n); // −(2^53 − 1)/2, toward zero
  });

  it('writes 10^18 and divides it back to one', () => {
    const quintillion = Exact.integer(10n ** 18n);
    assert.equal(quintillion.toString(), '1000000000000000000');
    assert.equal(quintillion.toNumber(), 1e18);
    assert.deepEqual(quintillion.div(Exact.integer(10n ** 18n)), Exact.ONE);
    assert.deepEqual(Exact.integer(10 ** 15).mul(Exact.integer(1000)), quintillion);
    assert.deepEqual(Exact.scaled(1, 15).mul(quintillion), Exact.integer(1000));
  });

  it('reads long decimals the same in doubles (up to 15 digits) and in BigInts', () => {
    for (let length = 1; length <= 20; length++) {
      for (const digit of ['1', '5', '9']) {
        const text = `${digit.repeat(Math.max(1, length - 3))}.${digit.repeat(3)}`;
        const [whole, fraction] = text.split('.') as [string, string];
        assert.equal(parts(Exact.decimal(text)), reduced(BigInt(whole + fraction), 10n ** BigInt(fraction.length)), text);
        assert.equal(parts(Exact.decimal(`-0.${digit.repeat(length)}`)), reduced(-BigInt(digit.repeat(length)), 10n ** BigInt(length)));
      }
    }
    assert.deepEqual(Exact.decimal('0.50'), Exact.fraction(1, 2));
    assert.deepEqual(Exact.decimal('-0.0'), Exact.ZERO);
    assert.deepEqual(Exact.scaled(-250, 3), Exact.fraction(-1, 4));
    assert.deepEqual(Exact.scaled(0, 7), Exact.ZERO);
    assert.deepEqual(Exact.scaled(123, 16), Exact.fraction(123n, 10n ** 16n));
    assert.throws(() => Exact.scaled(2 ** 53, 1), RangeError);
    assert.throws(() => Exact.scaled(1.5, 1), RangeError);
  });

  it('reduces and writes decimals of hundreds of places as Euclid would (only 2s and 5s divide out)', () => {
    const rng = createRng(9);
    for (let i = 0; i < 400; i++) {
      const places = 1 + Math.floor(rng() * 300);
      // Endings rich in 2s and 5s (…0, …5, …2, …25, …000) as well as any.
      const body = Array.from({ length: 1 + Math.floor(rng() * 300) }, () => Math.floor(rng() * 10)).join('');
      const digits = BigInt(body + ['', '0', '5', '2', '25', '000', '0'.repeat(40)][Math.floor(rng() * 7)]) * (rng() < 0.3 ? -1n : 1n);
      const exact = Exact.overPowerOfTen(digits, places);
      assert.equal(parts(exact), reduced(digits, 10n ** BigInt(places)), `${digits} / 10^${places}`);
      assert.deepEqual(exact, Exact.fraction(digits, 10n ** BigInt(places)));
      const text = (digits < 0n ? -digits : digits).toString().padStart(places + 1, '0');
      const written = `${digits < 0n ? '-' : ''}${text.slice(0, -places)}.${text.slice(-places)}`.replace(/\.?0+$/, '');
      assert.equal(exact.toString(), digits === 0n ? '0' : written, `${digits} / 10^${places}`);
    }
    assert.deepEqual(Exact.overPowerOfTen(0n, 297), Exact.ZERO);
    // Denominators of many 2s or 5s end; one with a 3 beside them does not.
    assert.equal(Exact.fraction(1n, 5n ** 40n).toString(), `0.${(2n ** 40n).toString().padStart(40, '0')}`);
    assert.equal(Exact.fraction(-3n, 2n ** 70n).toString(), `-0.${(3n * 5n ** 70n).toString().padStart(70, '0')}`);
    assert.equal(Exact.fraction(1n, 3n * 5n ** 33n).toString(), `1/${3n * 5n ** 33n}`);
  });

  it('reduces fractions given as numbers or BigInts to one form', () => {
    assert.deepEqual(Exact.fraction(6n, 4n), Exact.fraction(3, 2));
    assert.deepEqual(Exact.fraction(2n ** 60n, 2n ** 58n), Exact.integer(4));
    assert.deepEqual(Exact.fraction(-0, 5), Exact.ZERO);
    assert.deepEqual(Exact.fraction(5, -10), Exact.fraction(-1n, 2n));
    assert.deepEqual(Exact.fraction(3n * 2n ** 60n, 2n ** 61n), Exact.fraction(3, 2));
    assert.deepEqual(Exact.ZERO.neg(), Exact.ZERO);
    assert.equal(Exact.fraction(2n ** 60n, 3n).denominator, 3n);
  });

  it('adds, multiplies, divides and compares like BigInts, near and past 2^53', () => {
    const rng = createRng(5);
    const pick = () => {
      const size = 2 ** Math.floor(rng() * 54);
      return Math.floor(rng() * size) * (rng() < 0.3 ? -1 : 1) || 1;
    };
    const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
    for (let i = 0; i < 3000; i++) {
      const [a, b, c, d] = [pick(), Math.abs(pick()), pick(), Math.abs(pick())];
      const x = Exact.fraction(a, b);
      const y = Exact.fraction(c, d);
      const [A, B, C, D] = [BigInt(a), BigInt(b), BigInt(c), BigInt(d)];
      const label = `${a}/${b} and ${c}/${d}`;
      assert.equal(parts(x.add(y)), reduced(A * D + C * B, B * D), label);
      assert.equal(parts(x.sub(y)), reduced(A * D - C * B, B * D), label);
      assert.equal(parts(x.mul(y)), reduced(A * C, B * D), label);
      assert.equal(parts(x.div(y)), reduced(A * D, B * C), label);
      assert.equal(x.compare(y), cmp(A * D, C * B), label);
      assert.equal(x.integerPart(), A / B, label);
      assert.equal(x.add(y).equals(Exact.fraction(A * D + C * B, B * D)), true, label);
    }
  });
});
