// Waiting in tests: on a condition, with a deadline, never a fixed sleep.

/** Resolves once `condition()` holds; rejects naming `what` if it still does not after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Like waitUntil, but says whether the condition came true in time instead of throwing. */
export async function cameTrue(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  try {
    await waitUntil(condition, 'a condition', timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** The value at the given quantile (0–1) of the numbers, nearest-rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
