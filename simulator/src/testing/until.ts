/**
 * Waits until `condition` holds, checking every few milliseconds. The limit only keeps a broken test
 * from hanging; it is not an assertion about speed. On timeout it fails with `what` and the last state.
 */
export async function until<T>(
  condition: () => T | undefined | null | false,
  what: string,
  opts: { timeoutMs?: number; everyMs?: number; describe?: () => unknown } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) {
      const state = opts.describe ? `\n${JSON.stringify(opts.describe(), null, 2)}` : '';
      throw new Error(`timed out waiting until ${what}${state}`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 10));
  }
}
