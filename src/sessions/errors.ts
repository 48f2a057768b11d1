/**
 * A session store that cannot answer: Redis down or unreachable, the SQLite file locked or unwritable.
 * Stores raise only this, so middleware/session-outage.ts can answer 503 instead of a generic 500.
 * The message names the cause (never a URL or credential): store errors carry no secrets.
 */
export class SessionStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`session store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SessionStoreUnavailableError';
  }
}

export function isSessionStoreUnavailable(error: unknown): error is SessionStoreUnavailableError {
  return error instanceof SessionStoreUnavailableError;
}

/**
 * Runs a store operation with a deadline. A store that hangs would hang the request too
 * (express-session waits for its callback), so after `timeoutMs` the request is answered instead.
 */
export async function storeOperation<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work(), deadline]);
  } catch (error) {
    throw isSessionStoreUnavailable(error) ? error : new SessionStoreUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** express-session's callback shape: an error, or the value. */
export type StoreCallback<T = unknown> = (error?: unknown, value?: T) => void;

/** express-session's stores speak callbacks; ours are written as promises. */
export function settle<T>(work: Promise<T>, callback: StoreCallback<T> | undefined): Promise<T | undefined> {
  return work.then(
    (value) => {
      callback?.(undefined, value);
      return value;
    },
    (error: unknown) => {
      if (!callback) throw error;
      callback(error);
      return undefined;
    },
  );
}
