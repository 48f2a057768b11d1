import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';
import { SessionStoreUnavailableError } from './errors';

/**
 * Waits before retrying a statement that found the file locked by another connection. SQLite's own
 * busy_timeout would wait synchronously (better-sqlite3 is synchronous), freezing every request;
 * these waits let others run, and after them (about 50 ms) the request gets a 503.
 */
const BUSY_RETRY_MS = [5, 15, 30];

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs a statement on the next turn (callbacks stay asynchronous, as express-session's MemoryStore
 * keeps them), retrying a busy file a few times; any failure becomes SessionStoreUnavailableError.
 */
export async function runStatement<T>(statement: () => T): Promise<T> {
  await nextTurn();
  for (let attempt = 0; ; attempt++) {
    try {
      return statement();
    } catch (error) {
      if (!isBusy(error) || attempt >= BUSY_RETRY_MS.length) throw new SessionStoreUnavailableError(error);
    }
    await sleep(BUSY_RETRY_MS[attempt]);
  }
}
