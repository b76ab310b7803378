// Seeded pseudo-random numbers: every shuffle, sample and weight initialisation goes through here so a seed
// reproduces a dataset or a training run exactly.

/** A PRNG (mulberry32) returning floats in [0, 1). */
export interface Rng {
  (): number;
}

export function createRng(seed: number): Rng {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both inclusive. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Fisher–Yates, in place; returns the same array. */
export function shuffleInPlace<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/** Standard normal via Box–Muller. */
export function randomNormal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * `count` distinct integers from [min, max], in random order. Uses rejection into a Set when the sample is
 * sparse (ranges up to 1e9) and a partial shuffle when it is dense.
 */
export function sampleDistinctInts(rng: Rng, min: number, max: number, count: number): number[] {
  const size = max - min + 1;
  if (count > size) throw new RangeError(`cannot draw ${count} distinct numbers from a range of ${size}`);
  if (count * 2 > size) {
    const all = Array.from({ length: size }, (_, i) => min + i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rng() * (size - i));
      const tmp = all[i] as number;
      all[i] = all[j] as number;
      all[j] = tmp;
    }
    return all.slice(0, count);
  }
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const n = randomInt(rng, min, max);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}
