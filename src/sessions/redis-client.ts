import { createClient } from 'redis';

export type SessionRedisClient = ReturnType<typeof createClient>;

/** Where connection trouble is reported: the app's pino logger, or console (both fit). */
export interface StoreLog {
  error(message: string): void;
  info(message: string): void;
}

/** Backoff between reconnects: 50 ms doubling to 2 s, with jitter so instances do not reconnect in step. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
}

/** Error texts can echo what they were given; a password from REDIS_URL must never reach a log. */
export function withoutCredentials(text: string, url: string): string {
  let clean = text.replace(/(rediss?:\/\/)[^@/\s]*@/gi, '$1***@');
  const password = decodeURIComponent(new URL(url).password);
  if (password) clean = clean.split(password).join('***');
  return clean;
}

/**
 * The Redis client behind the session store and the refresh lock.
 * - disableOfflineQueue: while disconnected, commands fail at once (the request gets a 503) instead of
 *   queueing, because express-session would wait for a queued `get` and the request would hang.
 * - reconnects forever with backoff, so service resumes by itself when Redis is back.
 * - an 'error' listener is required: without one, node-redis errors would crash the process.
 *   Each distinct error is logged once per outage, not on every reconnect attempt.
 */
export function createSessionRedisClient(url: string, log: StoreLog = console): SessionRedisClient {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: reconnectDelay },
  });
  let lastError = '';
  client.on('error', (error: unknown) => {
    const message = withoutCredentials(error instanceof Error ? error.message || error.name : String(error), url);
    if (message !== lastError) log.error(`session store: Redis error: ${message}`);
    lastError = message;
  });
  client.on('ready', () => {
    if (lastError) log.info('session store: Redis connection restored');
    lastError = '';
  });
  return client;
}
