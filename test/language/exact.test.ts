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
