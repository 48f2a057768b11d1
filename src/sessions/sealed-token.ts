import type { SessionZoom, StoredToken } from './session-data';
import type { TokenVault } from './token-vault';

/** Converts between the token the code uses and the sealed form the session store keeps. */
export function sealToken(vault: TokenVault, token: StoredToken): SessionZoom {
  const { accessToken, refreshToken, ...rest } = token;
  return { ...rest, sealed: vault.seal(JSON.stringify([accessToken, refreshToken])) };
}

/** undefined when the seal cannot be opened (tampered, or its key was retired): the host reconnects. */
export function openToken(vault: TokenVault, zoom: SessionZoom): StoredToken | undefined {
  const plain = vault.open(zoom.sealed);
  if (!plain) return undefined;
  const [accessToken, refreshToken] = JSON.parse(plain) as [string, string];
  const { sealed: _sealed, ...rest } = zoom;
  return { ...rest, accessToken, refreshToken };
}
