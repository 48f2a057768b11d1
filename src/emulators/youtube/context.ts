/** Everything one emulator instance keeps, handed to its routes (no module-level state: each emulator is fresh). */
import type { ResolvedOptions } from './options';
import type { TokenStore } from './oauth/grants';
import type { Quota } from './quota/quota';
import type { RequestLog } from './request-log';
import type { Store } from './state/store';
import type { AccountKey, GoogleAccount } from './types';

export interface YouTubeContext {
  options: ResolvedOptions;
  accounts: Record<AccountKey, GoogleAccount>;
  tokens: TokenStore;
  store: Store;
  quota: Quota;
  log: RequestLog;
}
