import { createHash } from 'node:crypto';
import type { GrantKeeper } from './grant-keeper';
import { isExpiredToken, ReconnectRequiredError } from '../zoom/errors';
import { OAuthGrantError, type ZoomOAuth } from '../zoom/oauth';
import type { RefreshLock } from './refresh-lock';
import { tokenSessions, type LiveSession, type SessionStoreAccess } from './token-session';
import { openToken, sealToken, type SealedToken, type StoredToken, type TokenVault } from './vault';

/**
 * The token keeper: hands out a working Zoom access token for a host, given only their session id.
 * A route passes `req.sessionID` (and `req.session`, so what express-session saves at the end of the
 * request carries the rotated token); a background job passes the id alone and the keeper reads and
 * writes the session through the store. This is the one place that decides "reconnect" (Zoom refused
 * the grant) versus "try again" (Zoom or the store unavailable: the token is kept).
 *
 * Zoom rotates refresh tokens: the first refresh wins and the old token dies. So every holder of one
 * refresh token shares one refresh (the refresh lock, in-process or across instances), and the rotated
 * token is remembered here, keyed by the old token, until it has been written to the store: a failed
 * save, or a stale copy of the session saved later by a slower request, never loses it.
 */
export interface TokenKeeperDeps {
  oauth: ZoomOAuth;
  vault: TokenVault;
  refreshLock: RefreshLock;
  /** The store express-session uses (src/sessions): the keeper reads and writes sessions through it. */
  store: SessionStoreAccess;
  /** A host's grant in the app's database: a session whose token is `inGrant` calls Zoom through it. */
  grants?: Pick<GrantKeeper, 'withUserToken'>;
  now?: () => number;
}

/** How long a rotated token is remembered after it was stored, for stale copies that still hold the old one. */
const SUCCESSOR_MEMORY_MS = 60 * 60_000;

interface Successor {
  sealed: SealedToken;
  /** When it was stored, or undefined while no save has succeeded yet. */
  storedAt?: number;
}

function fingerprint(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('base64url');
}

export function createTokenKeeper({ oauth, vault, refreshLock, store, grants, now = Date.now }: TokenKeeperDeps) {
  const successors = new Map<string, Successor>();

  const { loadSession, writeToken } = tokenSessions(store);

  function forgetOldSuccessors(): void {
    const cutoff = now() - SUCCESSOR_MEMORY_MS;
    for (const [key, successor] of successors) {
      if (successor.storedAt !== undefined && successor.storedAt < cutoff) successors.delete(key);
    }
  }

  async function storeSuccessor(sid: string, successor: Successor, live?: LiveSession): Promise<StoredToken> {
    await writeToken(sid, successor.sealed, live);
    successor.storedAt = now();
    const token = openToken(vault, successor.sealed);
    if (!token) throw new ReconnectRequiredError();
    forgetOldSuccessors();
    return token;
  }

  /** The session's token, or the rotated one when this session still holds a token already refreshed. */
  async function currentToken(sid: string, live?: LiveSession): Promise<StoredToken> {
    const sealed = live ? live.zoom : (await loadSession(sid))?.zoom;
    const token = sealed && openToken(vault, sealed);
    if (!token) throw new ReconnectRequiredError('connect');
    const successor = latestSuccessor(token);
    return successor ? storeSuccessor(sid, successor, live) : token;
  }

  /** Follows rotations: a session two refreshes behind gets the newest token, not the one in between. */
  function latestSuccessor(token: StoredToken): Successor | undefined {
    let latest: Successor | undefined;
    let refreshToken = token.refreshToken;
    for (let hops = 0; hops < 16; hops += 1) {
      const next = successors.get(fingerprint(refreshToken));
      const opened = next && openToken(vault, next.sealed);
      if (!next || !opened) break;
      latest = next;
      refreshToken = opened.refreshToken;
    }
    return latest;
  }

  async function refresh(sid: string, current: StoredToken, live?: LiveSession): Promise<StoredToken> {
    let sealed: SealedToken;
    try {
      sealed = await refreshLock.run(current.refreshToken, async () => sealToken(vault, await oauth.refresh(current)));
    } catch (error) {
      if (!(error instanceof OAuthGrantError)) throw error;
      await writeToken(sid, undefined, live).catch(() => undefined);
      throw new ReconnectRequiredError('accessRevoked');
    }
    const key = fingerprint(current.refreshToken);
    const successor = successors.get(key) ?? { sealed };
    successors.set(key, successor);
    // Persist the rotated refresh token before the new access token is used.
    return storeSuccessor(sid, successor, live);
  }

  /** Runs a Zoom call with a valid access token, refreshing shortly before expiry and once more on Zoom's 124. */
  async function withAccessToken<T>(sid: string, call: (accessToken: string) => Promise<T>, live?: LiveSession): Promise<T> {
    const inGrant = await grantUserOf(sid, live);
    if (inGrant) return inGrant.withUserToken(call);
    let token = await currentToken(sid, live);
    if (token.refreshAt <= now()) token = await refresh(sid, token, live);
    try {
      return await call(token.accessToken);
    } catch (error) {
      if (!isExpiredToken(error)) throw error;
    }
    const fresh = await refresh(sid, token, live);
    try {
      return await call(fresh.accessToken);
    } catch (error) {
      if (isExpiredToken(error)) throw new ReconnectRequiredError();
      throw error;
    }
  }

  /** The grant's user when the session's token lives in the database as the host's grant (plans are on). */
  async function grantUserOf(sid: string, live?: LiveSession) {
    const sealed = live ? live.zoom : (await loadSession(sid))?.zoom;
    if (!sealed?.inGrant) return undefined;
    if (!grants) throw new ReconnectRequiredError('connect');
    return { withUserToken: <T>(call: (accessToken: string) => Promise<T>) => grants.withUserToken(sealed.userId, call) };
  }

  /**
   * The host's current token without a Zoom call (for revoking at logout); undefined when there is none, and
   * for a session using the host's grant: logging out ends the session, never the plans' grant.
   */
  async function peek(sid: string, live?: LiveSession): Promise<StoredToken | undefined> {
    const sealed = live ? live.zoom : await loadSession(sid).then((sess) => sess?.zoom, () => undefined);
    if (sealed?.inGrant) return undefined;
    return currentToken(sid, live).catch(() => undefined);
  }

  return { withAccessToken, peek };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;