/**
 * Largest-remainder (Hamilton) apportionment: splits `total` whole units in proportion to `weights` so that
 * every share is its exact quota rounded down or up, and the shares add up to `total`. Ties in the
 * remainders go to the earlier weight, so the result depends on nothing but the inputs.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be a whole number ≥ 0, got ${total}`);
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const quotas = weights.map((w) => (Math.max(0, w) / sum) * total);
  const shares = quotas.map((q) => Math.floor(q));
  let left = total - shares.reduce((s, n) => s + n, 0);
  const order = quotas
    .map((q, i) => ({ i, rest: q - Math.floor(q) }))
    .filter(({ i }) => (weights[i] ?? 0) > 0)
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}
