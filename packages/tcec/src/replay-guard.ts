/**
 * Remembers which OperatorID + TimeStamp + Seq triples have been accepted, so a captured request cannot
 * be sent again. Entries only need to outlive the timestamp-skew window: anything older is refused by
 * the skew check anyway.
 */

export interface ReplayGuard {
  /**
   * Records `key` until `expiresAt` and resolves true, or resolves false when `key` is already recorded.
   * Must be atomic (check and record in one step): a Redis implementation is `SET key 1 NX PXAT expiresAt`.
   */
  firstSeen(key: string, expiresAt: Date, now: Date): boolean | Promise<boolean>;
}

/** The single-process guard, for the embedded mode and tests. */
export function createMemoryReplayGuard(): ReplayGuard & { readonly size: number } {
  // Insertion order is expiry order when callers pass now + a fixed window, so expired keys sit at the head.
  const seen = new Map<string, number>();
  return {
    firstSeen(key, expiresAt, now) {
      const t = now.getTime();
      for (const [k, expiry] of seen) {
        if (expiry > t) break;
        seen.delete(k);
      }
      const expiry = seen.get(key);
      if (expiry !== undefined && expiry > t) return false;
      seen.delete(key);
      seen.set(key, expiresAt.getTime());
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
