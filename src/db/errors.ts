/**
 * The app's database cannot answer (down, unreachable, locked, a full disk). Repositories raise only
 * this for such failures, so pages answer 503 with the usual page instead of a 500; the live stream
 * form keeps working without what the database adds (the destination picker, the history).
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The database is up but cannot keep this value (PostgreSQL's SQLSTATE class 22, data exceptions: a number
 * out of range, text that is not an integer, a string too long; SQLite's "too big" and "mismatch"). Trying
 * again stores nothing more: the caller answers it as bad input (a 400, an item outcome without the value),
 * never as an outage that a retry, Zoom's redelivery or the bulk runner would repeat forever.
 */
export class UnstorableValueError extends Error {
  /** SQLSTATE (or SQLite's code): which rule the value broke; never the value itself, which may be a secret. */
  readonly code: string;
  constructor(code: string, cause: unknown) {
    super(`value cannot be stored (${code})`, { cause });
    this.name = 'UnstorableValueError';
    this.code = code;
  }
}

/** An error a repository raises on purpose (a name taken, a limit reached): it passes through guarded() untouched. */
export class RepositoryRuleError extends Error {}

/**
 * Runs a query; a failure of the database itself becomes DatabaseUnavailableError (a 503 page), a value
 * the database refuses becomes UnstorableValueError. A unique index's refusal becomes the caller's own
 * error when it gives one (a name already taken).
 */
export async function guarded<T>(work: () => Promise<T>, onUniqueViolation?: () => Error): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RepositoryRuleError || error instanceof DatabaseUnavailableError || error instanceof UnstorableValueError) throw error;
    const refused = dataExceptionOf(error);
    if (refused) throw new UnstorableValueError(refused, error);
    if (onUniqueViolation && isUniqueViolation(error)) throw onUniqueViolation();
    throw new DatabaseUnavailableError(error);
  }
}

/** A unique index refused the row (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** SQLite's refusals of a value (not of the database's state): a string or blob over its limit, a datatype mismatch. */
const SQLITE_DATA_EXCEPTIONS = new Set(['SQLITE_TOOBIG', 'SQLITE_MISMATCH']);

/**
 * The code of a refused value, or undefined for anything else (a connection refused or lost, a timeout, a
 * lock: the database is down or busy). PostgreSQL's codes are five characters; class 22 is "data exception":
 * 22P05 untranslatable character, 22021 bad byte sequence, 22003 numeric out of range, 22P02 invalid text
 * representation, 22001 string too long, 22008 datetime out of range.
 */
export function dataExceptionOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (/^22[0-9A-Z]{3}$/.test(code) || SQLITE_DATA_EXCEPTIONS.has(code)) return code;
  return undefined;
}
