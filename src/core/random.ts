// Seeded randomness for everything the search does (split, sampling, init, batches, dropout).
// One generator per purpose and trial, derived from the search seed, so results never depend
// on how many workers run or in which order trials finish.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** splitmix32 finaliser: a well-mixed 32-bit hash step. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A 32-bit seed derived from a base seed and any number of keys (trial number, purpose…). */
export function deriveSeed(base: number, ...keys: (number | string)[]): number {
  let h = mix32((base | 0) ^ 0x9e3779b9);
  for (const k of keys) {
    if (typeof k === 'number') h = mix32(h ^ mix32((k | 0) + 0x7f4a7c15));
    else for (let i = 0; i < k.length; i++) h = mix32(h ^ (k.charCodeAt(i) * 0x01000193));
  }
  return h;
}

export class Rng {
  private readonly gen: RandomGenerator;
  private spare = NaN; // second value of the last Box–Muller pair

  constructor(seed: number) {
    // small seeds give poorly mixed first outputs: hash the seed first
    this.gen = xoroshiro128plus(mix32(seed ^ 0x2545f491) | 0);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
