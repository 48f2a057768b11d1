import { randomBytes, randomUUID } from 'node:crypto';
import { createTokenVault, type TokenVault } from '../../src/credentials/vault';
import type { ReadCache } from '../../src/cache';
import { eventually } from '../helpers/eventually';

/** A real vault with a fresh key: what the app seals tokens with. */
export function newVault(): TokenVault {
  return createTokenVault(`k1:${randomBytes(32).toString('base64')}`, 'unused');
}

/** A host id no other test uses, so tests sharing one Redis prefix never meet. */
export function newHost(): string {
  return `host-${randomUUID()}`;
}

/** The cache's clock, moved by hand. */
export function manualClock(start = 1_700_000_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits (a Redis look takes real time) until a condition holds, failing after a second. */
export async function until(condition: () => boolean): Promise<void> {
  await eventually(condition, { timeoutMs: 1000, intervalMs: 1 });
}

/** A Zoom answer holding a secret, as livestream settings do. */
export function livestreamAnswer(streamKey: string) {
  return { stream_url: 'rtmp://live.example.com/app', stream_key: streamKey, page_url: 'https://example.com/live', resolution: '720p' };
}

/** How a suite makes the cache it tests: memory, or Redis behind a given client. */
export type MakeCache = (options: { ttlMs: number; now: () => number; vault?: TokenVault }) => ReadCache;
