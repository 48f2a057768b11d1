import type { NextFunction, Request, Response } from 'express';
import { LANGUAGE_COOKIE, LANGUAGES, OWN_NAMES, supportedLanguage, type Language } from '../../i18n/languages';

const A_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Path and query of the request with `lang` dropped; other parameters keep their order. */
function withoutLang(originalUrl: string): { path: string; query: URLSearchParams } {
  const mark = originalUrl.indexOf('?');
  const rawPath = mark === -1 ? originalUrl : originalUrl.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? '' : originalUrl.slice(mark + 1));
  query.delete('lang');
  // "//evil.example/" is a path to Express but another host to a browser reading Location.
  return { path: rawPath.replace(/^[/\\]+/, '/'), query };
}

function join(path: string, query: URLSearchParams): string {
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * @route GET any page?lang=<language> — the switcher's link: remember the choice in a cookie for a
 * year, then 303 to the same page without the parameter (so the URL never carries the language).
 * An unknown value is ignored: no cookie, no redirect, and it is never written back into the page.
 */
export function switchLanguage(secure: boolean) {
  return function rememberLanguageChoice(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const chosen = typeof req.query.lang === 'string' ? supportedLanguage(req.query.lang) : undefined;
    if (!chosen) return next();
    // Lax, like the session cookie: it must come along on the return from zoom.us. Only the server reads it.
    res.cookie(LANGUAGE_COOKIE, chosen, { maxAge: A_YEAR_MS, sameSite: 'lax', secure, httpOnly: true, path: '/' });
    const { path, query } = withoutLang(req.originalUrl);
    res.redirect(303, join(path, query));
  };
}

export interface LanguageLink {
  code: Language;
  name: string;
  href: string;
  current: boolean;
}

/**
 * Where a switcher link leads: this page again. A page answering a POST has no address of its own
 * to reload (POST …/livestream/status has no GET), so its link goes to the form page it came from.
 */
function pageToReload(req: Request): string {
  if (req.method === 'GET' || req.method === 'HEAD') return req.originalUrl;
  return req.path.replace(/\/livestream\/status$/, '/livestream');
}

export function languageLinks(req: Request, current: Language): LanguageLink[] {
  const { path, query } = withoutLang(pageToReload(req));
  return LANGUAGES.map((code) => {
    const withLang = new URLSearchParams(query);
    withLang.set('lang', code);
    return { code, name: OWN_NAMES[code], href: join(path, withLang), current: code === current };
  });
}
