import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { TOptions } from 'i18next';
import { handle } from 'i18next-http-middleware';
import { createI18n } from './instance';
import { DEFAULT_LANGUAGE, supportedLanguage } from './languages';
import { languageLinks, switchLanguage } from './switch';

export type { Language } from './languages';

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

/**
 * The language layer, as one app.use(): ?lang= → cookie and 303, then i18next-http-middleware
 * (detection, req.t, res.locals.t, Content-Language), then the page locals. Mounted before every
 * route that can render a page, so error pages and 404s are translated too.
 */
export function languages(options: { secureCookie: boolean }): RequestHandler[] {
  const i18n = createI18n();
  return [switchLanguage(options.secureCookie), handle(i18n) as RequestHandler, languageLocals];
}
