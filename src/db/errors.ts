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

/** An error a repository raises on purpose (a name taken, a limit reached): it passes through guarded() untouched. */
export class RepositoryRuleError extends Error {}

/**
 * Runs a query; a failure of the database itself becomes DatabaseUnavailableError (a 503 page).
 * A unique index's refusal becomes the caller's own error when it gives one (a name already taken).
 */
export async function guarded<T>(work: () => Promise<T>, onUniqueViolation?: () => Error): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RepositoryRuleError || error instanceof DatabaseUnavailableError) throw error;
    if (onUniqueViolation && isUniqueViolation(error)) throw onUniqueViolation();
    throw new DatabaseUnavailableError(error);
  }
}

/** A unique index refused the row (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
