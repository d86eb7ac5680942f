/**
 * Seeded randomness. Everything the simulator invents (the fleet, arrivals, faults, jitter) draws from a
 * `Random` derived from the run's seed, so the same seed always gives the same fleet and the same events.
 * Math.random is never used.
 *
 * The generator is mulberry32: one 32-bit word of state, which keeps ten thousand chargers with several
 * independent streams each cheap. Streams are derived by hashing a label into the parent seed, so adding a
 * draw to one concern (say, faults) never shifts the numbers another concern (arrivals) sees.
 */

/** FNV-1a over the UTF-16 code units, then a final avalanche: a stable 32-bit hash of any string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return avalanche(h);
}

function avalanche(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A seed as given on the command line: numbers are used as they are, strings are hashed. */
export function seedToState(seed: number | string): number {
  if (typeof seed === 'number' && Number.isFinite(seed)) return avalanche(Math.trunc(seed) >>> 0);
  return hashString(String(seed));
}

export class Random {
  private state: number;

  constructor(seed: number | string) {
    this.state = seedToState(seed);
  }

  /** A new, independent stream named `label`; the same parent state and label give the same stream. */
  derive(label: string): Random {
    return new Random(hashString(`${this.state}:${label}`));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a key with probability proportional to its weight; zero weights are never picked. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((s, [, w]) => s + Math.max(0, w), 0);
    if (!(total > 0)) throw new RangeError('weighted() needs at least one positive weight');
    let r = this.next() * total;
    for (const [key, w] of entries) {
      if (w <= 0) continue;
      r -= w;
      if (r < 0) return key;
    }
    return entries.filter(([, w]) => w > 0).at(-1)![0];
  }

  /** Exponentially distributed with the given mean (waiting time of a Poisson process). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Normal(mean, sd) by Box–Muller; one value per call keeps the state sequence simple. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
