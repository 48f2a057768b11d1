import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../config';

/**
 * AES-256-GCM for the secrets the app keeps at rest (Zoom tokens, a stream key awaiting reconnect),
 * so a dump of the session store reveals nothing usable.
 * Keys: TOKEN_ENCRYPTION_KEYS = "id:base64key,id:base64key": the first seals, every one opens.
 * Rotation: put the new key first, keep the old ones until every session has been re-sealed
 * (each token refresh re-seals; sessions end after SESSION_MAX_AGE_HOURS), then drop them.
 */
export interface TokenVault {
  seal(plain: string): string;
  /** undefined when the value was tampered with or sealed with a key we no longer hold. */
  open(sealed: string): string | undefined;
}

type Keyring = Map<string, Buffer>;

/** A bad TOKEN_ENCRYPTION_KEYS stops start-up with a plain message, like every other setting. */
export class VaultKeyError extends ConfigError {}

function parseKeys(spec: string): Keyring {
  const ring: Keyring = new Map();
  for (const entry of spec.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [id, encoded] = entry.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id ?? '') || key.length !== 32) {
      throw new VaultKeyError('TOKEN_ENCRYPTION_KEYS entries must be "id:<32 bytes in base64>" (e.g. k1:$(openssl rand -base64 32))');
    }
    ring.set(id, key);
  }
  if (ring.size === 0) throw new VaultKeyError('TOKEN_ENCRYPTION_KEYS is empty');
  return ring;
}

/** Outside production a key derived from the session secret keeps the sandbox zero-config. */
function derivedKey(secret: string): Keyring {
  return new Map([['dev', Buffer.from(hkdfSync('sha256', secret, 'zoom-livestream', 'token-vault', 32))]]);
}

export function createTokenVault(keys: string | undefined, fallbackSecret: string): TokenVault {
  const ring = keys ? parseKeys(keys) : derivedKey(fallbackSecret);
  const [currentId, currentKey] = ring.entries().next().value as [string, Buffer];
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, id, iv, tag, data] = sealed.split('.');
      const key = ring.get(id ?? '');
      if (version !== 'v1' || !key || !iv || !tag || data === undefined) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** A host's Zoom token as the code uses it. */
export interface StoredToken {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which Zoom stops accepting the access token. */
  expiresAt: number;
  /** Epoch milliseconds after which the app refreshes before calling Zoom (a margin before expiresAt). */
  refreshAt: number;
  /** Space-separated scopes Zoom granted. */
  scope: string;
  userId: string;
}

/**
 * The token as a store holds it: both token strings sealed together. In a session, `inGrant` says the token
 * lives in the app's database as the host's grant (credentials/grants.ts) and `sealed` is empty: the session
 * keeps only who the host is and what was granted.
 */
export type SealedToken = Omit<StoredToken, 'accessToken' | 'refreshToken'> & { sealed: string; inGrant?: boolean };

export function sealToken(vault: TokenVault, token: StoredToken): SealedToken {
  const { accessToken, refreshToken, ...rest } = token;
  return { ...rest, sealed: vault.seal(JSON.stringify([accessToken, refreshToken])) };
}

/** undefined when the seal cannot be opened (tampered, or its key was retired): the host reconnects. */
export function openToken(vault: TokenVault, token: SealedToken): StoredToken | undefined {
  const plain = vault.open(token.sealed);
  if (!plain) return undefined;
  const [accessToken, refreshToken] = JSON.parse(plain) as [string, string];
  const { sealed: _sealed, inGrant: _inGrant, ...rest } = token;
  return { ...rest, accessToken, refreshToken };
}
