/** Scopes that allow PATCH /meetings/{id}/livestream: the classic one and its granular equivalent. */
const LIVESTREAM_WRITE = ['meeting:write', 'meeting:write:admin', 'meeting:update:livestream', 'meeting:update:livestream:admin'];

export function hasLivestreamScope(granted: string): boolean {
  const scopes = granted.split(/\s+/);
  return LIVESTREAM_WRITE.some((scope) => scopes.includes(scope));
}
