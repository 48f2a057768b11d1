import i18next, { type i18n } from 'i18next';
import { LanguageDetector } from 'i18next-http-middleware';
import type { Request } from 'express';
import { loadCatalogues } from './catalogues';
import { DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, fromAcceptLanguage, supportedLanguage } from './languages';

/** An explicit choice first: the switcher's cookie (an unknown value in it is ignored). */
const cookieDetector = {
  name: 'langCookie',
  lookup(req: Request): string | undefined {
    const raw = req.headers.cookie ?? '';
    const match = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([^;]*)`).exec(raw);
    if (!match) return undefined;
    try {
      return supportedLanguage(decodeURIComponent(match[1]));
    } catch {
      return undefined; // a malformed %-escape: no choice was made
    }
  },
};

/** Then the browser's languages, best first. */
const headerDetector = {
  name: 'acceptLanguage',
  lookup(req: Request): string | undefined {
    return fromAcceptLanguage(req.headers['accept-language']);
  },
};

/**
 * One i18next instance per app, both catalogues in memory, initialised synchronously.
 * Detection: langCookie, then acceptLanguage, then en (fallbackLng). No language in the path;
 * ?lang= is handled by switch.ts, which turns it into the cookie. Values are not HTML-escaped here:
 * every t() result goes through EJS <%= %>, which escapes once (escaping twice would show &amp;).
 */
export function createI18n(): i18n {
  const detector = new LanguageDetector();
  detector.addDetector(cookieDetector);
  detector.addDetector(headerDetector);
  const instance = i18next.createInstance();
  instance.use(detector).init({
    resources: Object.fromEntries(Object.entries(loadCatalogues()).map(([language, catalogue]) => [language, { translation: catalogue }])),
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    load: 'currentOnly',
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    detection: { order: ['langCookie', 'acceptLanguage'], caches: false },
  });
  return instance;
}
