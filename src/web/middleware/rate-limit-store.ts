import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { storeOperation } from '../../sessions/errors';

/** What the limiter needs of a node-redis client: raw commands (the session store's client fits). */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Same deadline as the session store: a hanging Redis answers the request with a 503, not silence. */
const OPERATION_TIMEOUT_MS = 2000;
/** A script SHA Redis does not know: rate-limit-redis answers NOSCRIPT by loading the script, then retries. */
const NOT_LOADED = 'script-not-loaded-yet';

/**
 * rate-limit-redis (shared counts for every instance) on the session store's Redis client, with two
 * changes. Its scripts are loaded on first use rather than at start-up: the shared client refuses
 * commands until connected (no offline queue), and a load that failed once would fail every request
 * after. And each operation runs under a deadline that turns Redis trouble into the session store's
 * "unavailable" error, so the request gets the same 503 page as when the session cannot be read.
 */
export class RedisLimitStore implements Store {
  private readonly redisStore: RedisStore;
  readonly prefix: string;

  constructor(client: RedisCommands, prefix: string) {
    this.prefix = prefix;
    this.redisStore = new RedisStore({ sendCommand: (...args: string[]) => client.sendCommand(args) as Promise<never>, prefix });
  }

  init(options: Options): void {
    this.redisStore.windowMs = options.windowMs;
    this.forgetScripts();
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.guarded(() => this.redisStore.get(key));
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.guarded(() => this.redisStore.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.guarded(() => this.redisStore.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return this.guarded(() => this.redisStore.resetKey(key));
  }

  private forgetScripts(): void {
    this.redisStore.incrementScriptSha = Promise.resolve(NOT_LOADED);
    this.redisStore.getScriptSha = Promise.resolve(NOT_LOADED);
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await storeOperation(work, OPERATION_TIMEOUT_MS);
    } catch (error) {
      // A failed (re)load would otherwise stick; the next request loads the scripts again.
      this.forgetScripts();
      throw error;
    }
  }
}
