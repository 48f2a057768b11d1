/** The three Google accounts the consent page offers: one per answer the app must handle when it connects YouTube. */
import type { AccountKey, GoogleAccount } from '../types';

export const ACCOUNT_KEYS: readonly AccountKey[] = ['streamer', 'not-enabled', 'no-channel'];

/** What the person testing reads beside each account: what YouTube will make of it. */
export const ACCOUNT_LABELS: Record<AccountKey, string> = {
  streamer: 'Channel that can stream',
  'not-enabled': 'Channel not enabled for live streaming',
  'no-channel': 'Account with no channel',
};

export function isAccountKey(value: unknown): value is AccountKey {
  return typeof value === 'string' && (ACCOUNT_KEYS as readonly string[]).includes(value);
}

/** Fresh per emulator, so a test may change one account without touching another emulator's. */
export function seedAccounts(): Record<AccountKey, GoogleAccount> {
  return {
    streamer: {
      key: 'streamer', email: 'stella.streamer@example.com', name: 'Stella Streamer',
      channelId: 'UCsandboxStreamer0000001', liveStreamingEnabled: true,
    },
    'not-enabled': {
      key: 'not-enabled', email: 'nate.new@example.com', name: 'Nate New',
      channelId: 'UCsandboxNotEnabled00002', liveStreamingEnabled: false,
    },
    'no-channel': { key: 'no-channel', email: 'nora.nochannel@example.com', name: 'Nora No-Channel', liveStreamingEnabled: false },
  };
}
