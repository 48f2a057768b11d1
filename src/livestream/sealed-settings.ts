import type { TokenVault } from '../credentials/vault';
import type { StreamSettings } from '../destinations/types';

/** Settings as rows keep them (jobs, plans): settings as JSON without the key, the key sealed on its own, so no column holds it in clear. */
export function sealSettings(settings: StreamSettings | undefined, vault: TokenVault): { json: string | null; sealedKey: string | null } {
  if (!settings) return { json: null, sealedKey: null };
  const { stream_key, ...rest } = settings;
  return { json: JSON.stringify(rest), sealedKey: vault.seal(stream_key) };
}

export function openSettings(json: string | null, sealedKey: string | null, vault: TokenVault): StreamSettings | undefined {
  if (json === null) return undefined;
  const rest = JSON.parse(json) as Omit<StreamSettings, 'stream_key'>;
  // A key sealed with a retired vault key opens as empty, as for destinations.
  return { ...rest, stream_key: (sealedKey && vault.open(sealedKey)) ?? '' };
}

