/** What tests (and the sandbox) may do to the emulator directly: read its channels' state, play the encoder, set the quota. */
import type { YouTubeContext } from '../context';
import { setStreamStatus } from '../state/lifecycle';
import type { AccountKey, YouTubeEmulator } from '../types';

type Controls = Pick<YouTubeEmulator, 'broadcasts' | 'streams' | 'setStreamStatus' | 'quotaUsed' | 'setQuota' | 'expireAccessTokens'>;

export function emulatorControls(ctx: YouTubeContext): Controls {
  const channelOf = (account?: AccountKey): string | undefined => (account ? ctx.accounts[account].channelId ?? '' : undefined);
  return {
    // Copies: a test reads the state, it does not reach into it.
    broadcasts: (account) => [...ctx.store.broadcasts.values()]
      .filter((broadcast) => channelOf(account) === undefined || broadcast.channelId === channelOf(account))
      .map((broadcast) => ({ ...broadcast })),
    streams: (account) => [...ctx.store.streams.values()]
      .filter((stream) => channelOf(account) === undefined || stream.channelId === channelOf(account))
      .map((stream) => ({ ...stream })),
    setStreamStatus: (streamName, status) => void setStreamStatus(ctx.store, streamName, status, ctx.options.now()),
    quotaUsed: () => ctx.quota.used(),
    setQuota: (units) => ctx.quota.setLimit(units),
    expireAccessTokens: () => ctx.tokens.expireAccessTokens(),
  };
}
