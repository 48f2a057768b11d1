import type { Request } from 'express';
import { openToken, sealToken, type StoredToken, type TokenVault } from '../../credentials/vault';
import { saveSession } from '../shared/session-data';

/**
 * The browser session's side of a plan's grant: one copy of the host's rotating refresh token, never two.
 * Turning a plan on moves the session's token into the grant (the session keeps only who the host is); when no
 * plan is on any more, the token comes back into the session, so the host stays connected.
 */
export function sessionGrant(vault: TokenVault, peek?: (sid: string, live: Request['session']) => Promise<StoredToken | undefined>) {
  /**
   * The token this session holds itself; undefined when the grant holds it already (or the seal cannot open).
   * Through the token keeper when given: it follows a refresh another request of this session just made.
   */
  async function held(req: Request): Promise<StoredToken | undefined> {
    const zoom = req.session.zoom;
    if (!zoom || zoom.inGrant) return undefined;
    return peek ? peek(req.sessionID, req.session) : openToken(vault, zoom);
  }

  /** Whether this session uses the grant (and so takes the token back when the last plan goes off). */
  const usesGrant = (req: Request): boolean => req.session.zoom?.inGrant === true;

  /** The session handed its token to the grant: from now on it calls Zoom through the grant. */
  async function handedOver(req: Request): Promise<void> {
    if (!req.session.zoom) return;
    req.session.zoom = { ...req.session.zoom, sealed: '', inGrant: true };
    await saveSession(req);
  }

  /** The grant's token came back (no plan on any more): the session holds it again. */
  async function takeBack(req: Request, returned: StoredToken | undefined): Promise<void> {
    if (!returned) return;
    req.session.zoom = sealToken(vault, returned);
    await saveSession(req);
  }

  return { held, usesGrant, handedOver, takeBack };
}

export type SessionGrant = ReturnType<typeof sessionGrant>;
