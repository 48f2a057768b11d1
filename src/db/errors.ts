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

/** A unique index refused the row (SQLite and PostgreSQL spell it differently). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
