import type { NextFunction, Request, Response } from 'express';

/** Values every page needs, set once per request (STYLE 8): sandbox flag, host, flash notice, CSRF token. */
export function pageLocals(sandbox: boolean, csrfToken: (req: Request) => string) {
  return function setPageLocals(req: Request, res: Response, next: NextFunction): void {
    const connected = Boolean(req.session?.zoom);
    res.locals.sandbox = sandbox;
    res.locals.host = connected ? (req.session.host ?? { name: 'Zoom user', email: '' }) : null;
    res.locals.notice = req.session?.notice ?? '';
    if (req.session?.notice) delete req.session.notice;
    // Only connected hosts see forms; anonymous visitors get no session (saveUninitialized: false).
    res.locals.csrfToken = connected ? csrfToken(req) : '';
    next();
  };
}
