import type { NextFunction, Request, Response } from 'express';

/** Never moved: probes and Zoom's webhooks answer on whatever host they were sent to. */
const STAYS = /^\/(?:healthz$|webhooks\/)/;

/**
 * Sandbox only: the emulator sends the host back to BASE_URL/oauth/callback, and a browser keeps
 * cookies per host name, so a login started on 127.0.0.1 would come back to localhost without its
 * session and fail with "This sign-in link is not valid". A page opened on another host name is
 * sent to the same path on BASE_URL first. Only GET and HEAD: a form post is never replayed elsewhere.
 * Real deployments are left alone (their proxy decides the host).
 */
export function sandboxCanonicalHost(sandbox: boolean, baseUrl: string) {
  const base = new URL(baseUrl);
  return function moveToBaseUrl(req: Request, res: Response, next: NextFunction): void {
    if (!sandbox || (req.method !== 'GET' && req.method !== 'HEAD') || STAYS.test(req.path)) return next();
    if (req.hostname === undefined || req.hostname.toLowerCase() === base.hostname) return next();
    // After BASE_URL's origin, even a path such as "//x" stays on BASE_URL's host.
    res.redirect(307, base.origin + req.originalUrl);
  };
}
