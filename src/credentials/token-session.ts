import { setTimeout as sleep } from 'node:timers/promises';
import { ReconnectRequiredError } from '../zoom/errors';
import type { SealedToken } from './vault';

/**
 * The part of a host's session the keeper reads and writes: the sealed Zoom token. Every other field is
 * written back as it was read. Structural, so this room needs neither Express nor the web's session type.
 */
export interface TokenSession {
  zoom?: SealedToken;
}

/** The two calls of express-session's Store that the keeper makes. */
export interface SessionStoreAccess {
  get(sid: string, callback: (error: Error | null | undefined, session?: TokenSession | null) => void): void;
  set(sid: string, session: TokenSession, callback?: (error?: Error | null) => void): void;
}

/** The session a request already holds (req.session), kept in step with what the keeper stores. */
export type LiveSession = TokenSession;

/** A save that fails is tried again after these waits, then the request fails (503) with the token still remembered. */
const SAVE_RETRY_WAITS_MS = [50, 200];

/** A host's session as the keeper reads and writes it, through the store alone (a background job has no request). */
export function tokenSessions(store: SessionStoreAccess) {
  function loadSession(sid: string): Promise<TokenSession | null> {
    return new Promise((resolve, reject) => store.get(sid, (error, sess) => (error ? reject(error) : resolve(sess ?? null))));
  }

  function storeSession(sid: string, sess: TokenSession): Promise<void> {
    return new Promise((resolve, reject) => store.set(sid, sess, (error) => (error ? reject(error) : resolve())));
  }

  /** Writes the token (or its removal) into the session; never re-creates a session that has ended. */
  async function writeToken(sid: string, sealed: SealedToken | undefined, live?: LiveSession): Promise<void> {
    const sess = live ?? (await loadSession(sid));
    if (!sess) throw new ReconnectRequiredError('sessionEnded');
    if (sealed) sess.zoom = sealed;
    else delete sess.zoom;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await storeSession(sid, sess);
      } catch (error) {
        const wait = SAVE_RETRY_WAITS_MS[attempt];
        if (wait === undefined) throw error;
        await sleep(wait);
      }
    }
  }

  return { loadSession, writeToken };
}
