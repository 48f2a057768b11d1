import type { CookieOptions, Request, Response } from 'express';

/**
 * "Disconnected from Zoom" after logout. The session is destroyed, so the notice cannot wait in it;
 * a new anonymous session only to carry one sentence would put a row in the store (and a session
 * cookie in the browser) for every logout. Instead a cookie lives for a minute and says one fixed
 * word; the sentence comes from the catalogue, so a forged cookie can show nothing but this notice,
 * and there is nothing secret or attacker-chosen in it to sign.
 */
const WORD = 'disconnected';
const LIFETIME_MS = 60_000;

export interface NoticeCookie {
  name: string;
  options: CookieOptions;
}

/** The session cookie's name and options, for a sibling cookie: zls.sid → zls.notice (__Host- kept when https). */
export function noticeCookieOf(session: NoticeCookie): NoticeCookie {
  return { name: session.name.replace(/\.sid$/, '') + '.notice', options: session.options };
}

export function rememberDisconnected(res: Response, cookie: NoticeCookie): void {
  res.cookie(cookie.name, WORD, { ...cookie.options, maxAge: LIFETIME_MS });
}

/** True once after a logout in this browser (the cookie is cleared as it is read). */
export function takeDisconnected(req: Request, res: Response, cookie: NoticeCookie): boolean {
  const raw = req.headers.cookie ?? '';
  const found = raw.split(/;\s*/).some((pair) => pair === `${cookie.name}=${WORD}`);
  if (found) res.clearCookie(cookie.name, cookie.options);
  return found;
}
