/** The bearer-token guard in front of /v2, and accessors for what it found. */
import type { NextFunction, Request, Response } from 'express';
import type { EmulatorContext } from '../context';
import { zoomErrors } from '../errors';
import type { Grant } from '../oauth/grants';
import type { EmulatedUser } from '../types';

/** Every /v2 call needs a live bearer token; Zoom answers 401 code 124 otherwise. */
export function requireBearer(ctx: EmulatorContext) {
  return function requireBearerToken(req: Request, res: Response, next: NextFunction): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const check = bearer ? ctx.tokens.checkAccess(bearer[1]) : ({ problem: 'invalid' } as const);
    if ('problem' in check) return check.problem === 'expired' ? zoomErrors.expiredToken(res) : zoomErrors.invalidToken(res);
    res.locals.grant = check.grant;
    next();
  };
}

export function grantOf(res: Response): Grant {
  return res.locals.grant as Grant;
}

export function userOf(ctx: EmulatorContext, res: Response): EmulatedUser {
  return ctx.seed.hosts[grantOf(res).hostKey];
}
