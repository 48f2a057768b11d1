/** Everything one emulator instance keeps, handed to its routes (no module-level state: each emulator is fresh). */
import type { PageTokens } from './page-tokens';
import type { Seed } from './seed';
import type { TokenStore } from './tokens';
import type { Traffic } from './traffic';
import type { ResolvedOptions } from './types';

export interface EmulatorContext {
  options: ResolvedOptions;
  seed: Seed;
  tokens: TokenStore;
  traffic: Traffic;
  pageTokens: PageTokens;
}
