import type { Harness } from './harness';

/**
 * Every secret the app has handled in this harness so far, read from what the emulator saw:
 * bearer tokens, refresh tokens, authorization codes, PKCE verifiers, the client secret, the
 * session secret. Tests assert that none of them shows up in a page or a log line.
 */
export function secretsSeen(h: Harness, extra: string[] = []): string[] {
  const found = new Set<string>([h.config.zoom.clientSecret, h.config.session.secret, ...extra]);
  for (const request of h.emulator.requests) {
    const bearer = /^Bearer (.+)$/.exec(request.authorization ?? '');
    if (bearer) found.add(bearer[1]);
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const field of ['refresh_token', 'code', 'code_verifier', 'token']) {
      if (typeof body[field] === 'string') found.add(body[field] as string);
    }
  }
  return [...found].filter((secret) => secret.length >= 8);
}

export function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}
