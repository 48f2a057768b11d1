import { isExpiredToken, ReconnectRequiredError } from '../zoom/errors';
import { OAuthGrantError, type ZoomOAuth } from '../zoom/oauth';
import type { GrantsRepository, StoredGrant } from './grants';
import type { RefreshLock } from './refresh-lock';
import { openToken, sealToken, type StoredToken, type TokenVault } from './vault';

/**
 * A host's Zoom calls by user id, through the grant kept in the app's database (grants.ts): what a plan acting
 * on a webhook or a timer uses, with no browser session, and what the host's own sessions use once the grant
 * exists. Refreshes shortly before expiry (and once more on Zoom's 124) under the refresh lock, which is
 * Redis-wide with several instances; the rotated token is written with a compare-and-set, so of two actors
 * only one token is ever kept. A refused refresh (`invalid_grant`) marks the grant refused: the plans pause
 * until the host connects Zoom again (a login puts a fresh grant).
 */
export interface GrantKeeperDeps {
  oauth: ZoomOAuth;
  vault: TokenVault;
  refreshLock: RefreshLock;
  grants: GrantsRepository;
  now?: () => number;
}

export function createGrantKeeper({ oauth, vault, refreshLock, grants, now = Date.now }: GrantKeeperDeps) {
  async function current(userId: string): Promise<{ grant: StoredGrant; token: StoredToken }> {
    const grant = await grants.get(userId);
    if (!grant) throw new ReconnectRequiredError('connect');
    if (grant.status !== 'active') throw new ReconnectRequiredError('accessRevoked');
    const token = openToken(vault, grant.token);
    if (!token) throw new ReconnectRequiredError('connect');
    return { grant, token };
  }

  /** The grant as it is now, when another actor stored a newer token than `seen`; undefined otherwise. */
  async function newerThan(userId: string, seen: StoredGrant): Promise<StoredToken | undefined> {
    const again = await grants.get(userId);
    if (!again || again.status !== 'active' || again.token.sealed === seen.token.sealed) return undefined;
    return openToken(vault, again.token);
  }

  async function refresh(userId: string, grant: StoredGrant, token: StoredToken): Promise<StoredToken> {
    let sealed;
    try {
      sealed = await refreshLock.run(token.refreshToken, async () => sealToken(vault, { ...(await oauth.refresh(token)), userId }));
    } catch (error) {
      if (!(error instanceof OAuthGrantError)) throw error;
      // Another actor may have refreshed with this token a moment ago and stored its successor.
      const newer = await newerThan(userId, grant);
      if (newer) return newer;
      await grants.markRefused(userId);
      throw new ReconnectRequiredError('accessRevoked');
    }
    if (await grants.replace(userId, grant.token, sealed)) return openToken(vault, sealed)!;
    // Lost the compare-and-set: another actor stored the same refresh (the lock shared it) or a newer grant.
    const newer = await newerThan(userId, grant);
    if (!newer) throw new ReconnectRequiredError('accessRevoked');
    return newer;
  }

  /** Runs a Zoom call with the user's grant, refreshing shortly before expiry and once more on Zoom's 124. */
  async function withUserToken<T>(userId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    let { grant, token } = await current(userId);
    if (token.refreshAt <= now()) token = await refresh(userId, grant, token);
    try {
      return await call(token.accessToken);
    } catch (error) {
      if (!isExpiredToken(error)) throw error;
    }
    // Another actor may have refreshed while this call was out: use its token rather than rotate it again.
    const refused = token.accessToken;
    ({ grant, token } = await current(userId));
    const fresh = token.accessToken !== refused ? token : await refresh(userId, grant, token);
    return call(fresh.accessToken);
  }

  /** Keeps this token as the user's grant: the session that held it holds it no more (one copy). */
  async function adopt(token: StoredToken, accountId: string): Promise<void> {
    await grants.put(token.userId, accountId, sealToken(vault, token));
  }

  /** Revokes the grant at Zoom (best effort: a dead token needs no revoking) and deletes it; how many rows went. */
  async function revoke(userId: string): Promise<number> {
    const grant = await grants.get(userId);
    const token = grant?.status === 'active' ? openToken(vault, grant.token) : undefined;
    if (token) await oauth.revoke(token).catch(() => undefined);
    return grants.remove(userId);
  }

  /**
   * Deletes the grant and hands its token back (to the browser session turning plans off: one copy moves, the
   * host stays connected); undefined when there was none, or Zoom had refused it.
   */
  async function takeBack(userId: string): Promise<StoredToken | undefined> {
    const grant = await grants.get(userId);
    const token = grant?.status === 'active' ? openToken(vault, grant.token) : undefined;
    await grants.remove(userId);
    return token;
  }

  return { withUserToken, adopt, revoke, takeBack, forget: (userId: string) => grants.remove(userId), statusOf: grants.statusOf, exists: async (userId: string) => (await grants.get(userId)) !== undefined };
}

export type GrantKeeper = ReturnType<typeof createGrantKeeper>;
