import type { OAuth2Client } from 'google-auth-library';
import type { GrantsRepository } from '../credentials/grants';
import type { RefreshLock } from '../credentials/refresh-lock';
import type { SealedToken, TokenVault } from '../credentials/vault';
import { GoogleGrantError, type GoogleOAuth, type GoogleToken } from './google-oauth';

/**
 * A host's YouTube grant: sealed in the app's database, one per Zoom user (the grants table, provider 'google'),
 * with the channel it was given for. Refreshed a minute before expiry by one actor at a time (the refresh lock,
 * Redis-wide with several instances); Google does not rotate refresh tokens, so a refresh only renews the access
 * token. A refused refresh marks the grant refused: the host connects YouTube again.
 */
export interface YouTubeChannel {
  id: string;
  title: string;
}

/** What the database keeps: the token's times and scope in clear, both token strings sealed, the channel. */
type StoredGoogle = SealedToken & { channel?: YouTubeChannel };

const REFRESH_MARGIN_MS = 60_000;

export class YouTubeNotConnectedError extends Error {
  constructor(readonly reason: 'none' | 'refused') {
    super(`YouTube is not connected (${reason})`);
    this.name = 'YouTubeNotConnectedError';
  }
}

export interface YouTubeGrantDeps {
  google: GoogleOAuth;
  grants: GrantsRepository;
  vault: TokenVault;
  refreshLock: RefreshLock;
  now?: () => number;
}

export function createYouTubeGrant({ google, grants, vault, refreshLock, now = Date.now }: YouTubeGrantDeps) {
  function seal(userId: string, token: GoogleToken, channel?: YouTubeChannel): StoredGoogle {
    const sealed = vault.seal(JSON.stringify([token.accessToken, token.refreshToken]));
    return { userId, scope: token.scope, expiresAt: token.expiresAt, refreshAt: token.expiresAt - REFRESH_MARGIN_MS, sealed, ...(channel ? { channel } : {}) };
  }

  function open(stored: StoredGoogle): GoogleToken | undefined {
    const plain = vault.open(stored.sealed);
    if (!plain) return undefined;
    const [accessToken, refreshToken] = JSON.parse(plain) as [string, string];
    return { accessToken, refreshToken, expiresAt: stored.expiresAt, scope: stored.scope };
  }

  async function current(userId: string): Promise<{ stored: StoredGoogle; token: GoogleToken }> {
    const grant = await grants.get(userId);
    if (!grant) throw new YouTubeNotConnectedError('none');
    const stored = grant.token as StoredGoogle;
    const token = grant.status === 'active' ? open(stored) : undefined;
    if (!token) throw new YouTubeNotConnectedError('refused');
    return { stored, token };
  }

  async function refreshed(userId: string, stored: StoredGoogle, token: GoogleToken): Promise<GoogleToken> {
    try {
      const fresh = await refreshLock.run(`google:${userId}:${stored.sealed.slice(-16)}`, async () => seal(userId, await google.refresh(token), stored.channel));
      await grants.replace(userId, stored, fresh);
      return open(fresh)!;
    } catch (error) {
      if (!(error instanceof GoogleGrantError)) throw error;
      await grants.markRefused(userId);
      throw new YouTubeNotConnectedError('refused');
    }
  }

  return {
    /** Keeps the host's new grant (a connect replaces an older or refused one). */
    async keep(userId: string, token: GoogleToken, channel: YouTubeChannel): Promise<void> {
      await grants.put(userId, channel.id, seal(userId, token, channel));
    },

    /** The connected channel, without a call to Google; undefined when not connected; 'refused' when Google refused it. */
    async channelOf(userId: string): Promise<YouTubeChannel | 'refused' | undefined> {
      const grant = await grants.get(userId);
      if (!grant) return undefined;
      return grant.status === 'active' ? (grant.token as StoredGoogle).channel : 'refused';
    },

    /** Runs YouTube calls with the host's grant: `call` gets an OAuth2Client carrying a valid access token. */
    async withYouTube<T>(userId: string, call: (auth: OAuth2Client) => Promise<T>): Promise<T> {
      const { stored, token } = await current(userId);
      const usable = stored.refreshAt <= now() ? await refreshed(userId, stored, token) : token;
      return call(google.client(usable));
    },

    /** Disconnect YouTube, Delete my saved data, app_deauthorized: revoked at Google (best effort) and deleted. */
    async revoke(userId: string): Promise<number> {
      const grant = await grants.get(userId);
      const token = grant?.status === 'active' ? open(grant.token) : undefined;
      if (token) await google.revoke(token).catch(() => undefined);
      return grants.remove(userId);
    },
  };
}

export type YouTubeGrant = ReturnType<typeof createYouTubeGrant>;
