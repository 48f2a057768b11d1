import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 PKCE (S256) and the OAuth state value, from a CSPRNG. */

/** 48 random bytes → 64 base64url characters, all within RFC 7636's [A-Za-z0-9-._~]. */
export function createCodeVerifier(): string {
  return randomBytes(48).toString('base64url');
}

export function codeChallengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createState(): string {
  return randomBytes(24).toString('base64url');
}
