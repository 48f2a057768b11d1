import i18next, { type i18n } from 'i18next';
import type { Request } from 'express';
import { loadCatalogues } from '../../i18n/catalogues';
import { DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, fromAcceptLanguage, supportedLanguage, type Language } from '../../i18n/languages';

const COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([^;]*)`);

/** An explicit choice first: the switcher's cookie (an unknown value in it is ignored). */
function fromCookie(req: Request): Language | undefined {
  const match = COOKIE_PATTERN.exec(req.headers.cookie ?? '');
  if (!match) return undefined;
  try {
    return supportedLanguage(decodeURIComponent(match[1]));
  } catch {
    return undefined; // a malformed %-escape: no choice was made
  }
}

/** The request's language: the switcher's cookie, then the browser's languages best first, then English. */
export function detectLanguage(req: Request): Language {
  return fromCookie(req) ?? fromAcceptLanguage(req.headers['accept-language']) ?? DEFAULT_LANGUAGE;
}

/**
 * One i18next instance per app, both catalogues in memory, initialised synchronously. No language in
 * the path; ?lang= is handled by switch.ts, which turns it into the cookie. Values are not HTML-escaped
 * here: every t() result goes through EJS <%= %>, which escapes once (escaping twice would show &amp;).
 */
export function createI18n(): i18n {
  const instance = i18next.createInstance();
  // initAsync: false with the catalogues in memory: init is done when it returns; its promise carries nothing.
  void instance.init({
    resources: Object.fromEntries(Object.entries(loadCatalogues()).map(([language, catalogue]) => [language, { translation: catalogue }])),
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    load: 'currentOnly',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}
