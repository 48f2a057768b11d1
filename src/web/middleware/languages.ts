import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { i18n, TFunction, TOptions } from 'i18next';
import type {} from 'i18next-http-middleware';
import { createI18n, detectLanguage } from './i18n-instance';
import { DEFAULT_LANGUAGE, LANGUAGES, supportedLanguage, type Language } from '../../i18n/languages';
import { languageLinks, switchLanguage } from './language-switch';

export type { Language } from '../../i18n/languages';

/**
 * A translation split around one placeholder, so a view can wrap the value in markup
 * (<code>, <strong>) while the sentence's word order stays the translator's.
 */
export interface Around {
  before: string;
  after: string;
}

const MARK = '\u0000';

/** Everything a page needs to speak the request's language, on res.locals (and req.t from the middleware). */
function languageLocals(req: Request, res: Response, next: NextFunction): void {
  const lang = supportedLanguage(req.language) ?? DEFAULT_LANGUAGE;
  res.locals.lang = lang;
  res.locals.languageLinks = languageLinks(req, lang);
  res.locals.around = function around(key: string, placeholder: string, options: TOptions = {}): Around {
    const text = String(req.t(key, { ...options, [placeholder]: MARK }));
    const at = text.indexOf(MARK);
    return at === -1 ? { before: text, after: '' } : { before: text.slice(0, at), after: text.slice(at + MARK.length) };
  };
  // The same URL answers in two languages, chosen by these headers (pages are no-store anyway).
  res.vary('Accept-Language');
  res.vary('Cookie');
  next();
}

/** Enough for every key the catalogues hold; a key outside them (unlikely: keys are in the code) is not kept. */
const REMEMBERED_MAX = 5_000;

/**
 * A language's t() that keeps the text of each plain key (no options: no interpolation, no plural) once
 * looked up. A page asks for the same few hundred labels on every view, and i18next resolves each anew.
 */
function remembering(t: TFunction): TFunction {
  const known = new Map<string, string>();
  return ((key: unknown, ...rest: unknown[]) => {
    if (rest.length > 0 || typeof key !== 'string') return (t as unknown as (...args: unknown[]) => unknown)(key, ...rest);
    let text = known.get(key);
    if (text === undefined) {
      text = String(t(key));
      if (known.size < REMEMBERED_MAX) known.set(key, text);
    }
    return text;
  }) as unknown as TFunction;
}

/**
 * req.t, req.i18n, req.language and Content-Language, as i18next-http-middleware's handle() sets them,
 * without its per-request work: handle() clones the i18next instance for every request (a fifth of a
 * logged-in page's time in `npm run bench`). Here each language's instance is cloned once at start; a
 * request only picks one. Nothing changes an instance's language afterwards, so sharing them is safe.
 */
function translator(root: i18n): RequestHandler {
  const speakers = Object.fromEntries(LANGUAGES.map((language) => {
    const instance = root.cloneInstance({ lng: language, initAsync: false });
    return [language, { instance, t: remembering(instance.t.bind(instance)) }];
  })) as Record<Language, { instance: i18n; t: TFunction }>;
  return function speakRequestLanguage(req: Request, res: Response, next: NextFunction): void {
    const language = detectLanguage(req);
    const { instance, t } = speakers[language];
    req.language = language;
    req.languages = [language];
    req.i18n = instance;
    req.t = t;
    res.locals.t = t;
    res.locals.language = language;
    res.set('Content-Language', language);
    next();
  };
}

/**
 * The language layer, as one app.use(): ?lang= → cookie and 303, then detection (cookie, then
 * Accept-Language, then English) with req.t and res.locals.t, then the page locals. Mounted before
 * every route that can render a page, so error pages and 404s are translated too.
 */
export function languages(options: { secureCookie: boolean }): RequestHandler[] {
  return [switchLanguage(options.secureCookie), translator(createI18n()), languageLocals];
}
