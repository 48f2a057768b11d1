import { timingSafeEqual } from 'node:crypto';

/** The OAuth state sent back is the one this session is waiting for, compared in constant time (Zoom's and Google's logins). */
export function sameState(expected: string, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
