/** Opaque next_page_token values → offsets into one list (a host's meetings or webinars). Zoom's expire after 15 minutes; so do these. */
import { randomBytes } from 'node:crypto';

const PAGE_TOKEN_TTL_MS = 15 * 60_000;

interface PageToken {
  offset: number;
  list: string;
  expiresAt: number;
}

export function createPageTokens(now: () => number) {
  const tokens = new Map<string, PageToken>();

  function issue(offset: number, list: string): string {
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { offset, list, expiresAt: now() + PAGE_TOKEN_TTL_MS });
    return token;
  }

  /** The offset a token stands for, or undefined when it was never issued for this list or has expired. */
  function offsetOf(token: string, list: string): number | undefined {
    const found = tokens.get(token);
    return found && found.list === list && now() < found.expiresAt ? found.offset : undefined;
  }

  function pruneExpired(): void {
    const at = now();
    for (const [token, { expiresAt }] of tokens) if (at >= expiresAt) tokens.delete(token);
  }

  return { issue, offsetOf, pruneExpired, count: () => tokens.size };
}

export type PageTokens = ReturnType<typeof createPageTokens>;
