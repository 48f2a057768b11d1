/** The guard every control page's form shares. */
import type { NextFunction, Request, Response } from 'express';

/**
 * A page on another origin must not press the host's buttons (the emulator keeps no session, so no token to check):
 * a browser names the page's origin on a form POST; one that differs from this server's is refused.
 */
export function refuseOtherOrigins(req: Request, res: Response, next: NextFunction): void {
  const origin = req.get('origin');
  if (origin && origin !== `${req.protocol}://${req.get('host')}`) {
    return void res.status(403).type('text').send('Forbidden: this form must be sent from the emulator\'s own page.');
  }
  next();
}
