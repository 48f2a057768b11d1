import type { Request } from 'express';

/** express-session's callback methods as promises, so handlers can await them in order. */
function promisify(run: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return promisify((done) => req.session.save(done));
}

/** A new session id at login defeats session fixation (express examples/auth). */
export function regenerateSession(req: Request): Promise<void> {
  return promisify((done) => req.session.regenerate(done));
}

export function destroySession(req: Request): Promise<void> {
  return promisify((done) => req.session.destroy(done));
}
