/**
 * Forgets expired codes, tokens and page tokens. It runs on requests, at most once a minute of the emulator's
 * clock, rather than on a timer: no timer to stop on close, tests drive it with `now`, and an idle emulator
 * grows nothing that would need sweeping.
 */
import type { RequestHandler } from 'express';
import type { EmulatorContext } from '../context';

const SWEEP_INTERVAL_MS = 60_000;

export function sweepExpired(ctx: EmulatorContext): RequestHandler {
  const { now } = ctx.options;
  let lastSweep = now();
  return function sweepExpiredEntries(_req, _res, next) {
    if (now() - lastSweep >= SWEEP_INTERVAL_MS) {
      lastSweep = now();
      ctx.tokens.pruneExpired();
      ctx.pageTokens.pruneExpired();
    }
    next();
  };
}
