import { setTimeout as pause } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long; the error then quotes the last failure. */
  timeoutMs?: number;
  /** The pause between two looks. */
  intervalMs?: number;
}

/**
 * For a condition that settles asynchronously (a job finishing in another process, a server coming back,
 * a row being pruned): calls `check` until it neither throws nor returns `false`, and resolves to what it
 * returned. An `expect()` (or any throw) inside `check` means "not yet, look again"; after `timeoutMs` it
 * rejects with the last failure's message, so a test never hangs and never sleeps a fixed time.
 * The tests' one polling loop: use it instead of writing another.
 */
export async function eventually<T>(
  check: () => T | false | Promise<T | false>,
  { timeoutMs = 5000, intervalMs = 25 }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last = 'the condition was still false';
    try {
      const value = await check();
      if (value !== false) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`not within ${timeoutMs} ms: ${last}`);
    await pause(intervalMs);
  }
}
