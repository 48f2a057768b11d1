import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** Enough of a proxy chain to read; a client can send any length. */
const MAX_FORWARDED_CHARS = 200;

/**
 * Logs, once per process, the client address Express derived for the first page request and the
 * X-Forwarded-For it came from. A TRUST_PROXY hop count larger than the real proxies takes the address from
 * a part of X-Forwarded-For the client wrote, so the rate limit counts whatever the client claims; this line is
 * how an operator checks the setting against a request of their own (docs/deploying.md#trust_proxy).
 * Mounted after the probes: a balancer's health check says nothing about clients.
 */
export function logFirstClient(logger: Logger, trustProxy: false | number | string) {
  let logged = false;
  return function firstClient(req: Request, _res: Response, next: NextFunction): void {
    if (!logged) {
      logged = true;
      const forwardedFor = req.get('x-forwarded-for')?.slice(0, MAX_FORWARDED_CHARS) ?? null;
      logger.info(
        { clientAddress: req.ip, forwardedFor, socketAddress: req.socket.remoteAddress, trustProxy },
        'first request since start: the client address the app uses (rate limits, logs); check it is the real client\'s (TRUST_PROXY)',
      );
    }
    next();
  };
}
