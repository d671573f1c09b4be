/**
 * Hits and misses of one in-process cache (the Api-Key, account and verified-token caches):
 * bench/tenancy reports their hit rates over a thousand clients.
 */
export class CacheStats {
  hits = 0;
  misses = 0;

  /** Counts one lookup and passes its answer through. */
  count<T>(found: T | undefined): T | undefined {
    if (found === undefined) this.misses++;
    else this.hits++;
    return found;
  }

  /** The counts so far, and the hit rate since `since` (a snapshot taken earlier), as a fraction. */
  snapshot(since?: { hits: number; misses: number }): { hits: number; misses: number; hitRate: number } {
    const hits = this.hits - (since?.hits ?? 0);
    const misses = this.misses - (since?.misses ?? 0);
    return { hits: this.hits, misses: this.misses, hitRate: hits + misses === 0 ? 1 : hits / (hits + misses) };
  }
}
