/** Everything one emulator instance keeps, handed to its routes (no module-level state: each emulator is fresh). */
import type { PageTokens } from './api/page-tokens';
import type { MediaPusher } from './media/push';
import type { RateLimiter } from './api/rate-limiter';
import type { ResolvedOptions } from './options';
import type { Seed } from './state/seed';
import type { TokenStore } from './oauth/grants';
import type { Traffic } from './traffic/traffic';
import type { WebhookQueue } from './webhooks/queue';

export interface EmulatorContext {
  options: ResolvedOptions;
  seed: Seed;
  tokens: TokenStore;
  traffic: Traffic;
  pageTokens: PageTokens;
  rateLimiter: RateLimiter;
  /** Zoom's webhooks to the app, in the order the changes happened. */
  webhooks: WebhookQueue;
  /** ffmpeg pushes for started live streams (the `media` option); does nothing without it. */
  media: MediaPusher;
  /** Call after changing live stream settings, live state or an event's status: saves them when statePath is set. */
  changed(): void;
}
