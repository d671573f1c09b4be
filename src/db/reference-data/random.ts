import { Faker, base, en, generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker';

export const DAY = 86_400_000;
/** The shop's first day: categories, tags and the launch catalogue are created in January 2023. */
export const START = Date.UTC(2023, 0, 1);
/** Customers and orders start once the shop opens. */
export const LAUNCH = Date.UTC(2023, 1, 1);
/** The data set's "now": nothing is dated later. Also faker's reference date. */
export const END = Date.UTC(2026, 5, 30);

/**
 * A seeded faker plus cheap helpers drawing from the same stream. Every value the
 * generator produces comes from here, so one seed fixes the whole data set.
 */
export class Random {
  readonly faker: Faker;
  private readonly randomizer: Randomizer;

  constructor(seed: number) {
    this.randomizer = generateMersenne53Randomizer(seed); // without a seed it would call Math.random
    this.faker = new Faker({ locale: [en, base], randomizer: this.randomizer });
    this.faker.seed(seed);
    this.faker.setDefaultRefDate(new Date(END));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.randomizer.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let target = this.next() * total;
    for (const [value, weight] of choices) {
      target -= weight;
      if (target < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A whole-second instant (epoch ms) in [from, to]. */
  time(from: number, to: number): number {
    const first = Math.ceil(from / 1000);
    const last = Math.max(first, Math.floor(to / 1000));
    return this.int(first, last) * 1000;
  }

  /** `count` instants in [from, to], ascending: ids follow creation time. */
  sortedTimes(count: number, from: number, to: number): number[] {
    const times = Array.from({ length: count }, () => this.time(from, to));
    return times.sort((a, b) => a - b);
  }

  /** The updated_at for a row created at `created`: unchanged with probability `keep`, else edited later. */
  updatedAfter(created: number, keep: number): number {
    return this.chance(keep) ? created : this.time(created, END);
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Integer cents → "24.99", exact (no float formatting). */
export function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Number of ascending `times` that are ≤ `limit`. */
export function countUpTo(times: readonly number[], limit: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid] <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Lower-case ASCII letters and digits only (for e-mail local parts). */
export function asciiWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
