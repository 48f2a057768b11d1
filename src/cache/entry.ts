import type { TokenVault } from '../credentials/vault';
import type { Reading } from './types';

/**
 * An entry at rest: sealed with the vault, because Zoom's answers hold stream keys. The host and key are
 * sealed in too, so an entry copied into another host's hash (or under another key) does not open as theirs.
 */
interface EntryBody {
  host: string;
  key: string;
  gen: string;
  at: number;
  value: unknown;
}

/** undefined when the value cannot be kept (not JSON): the read still answers, it is just not cached. */
export function sealEntry(vault: TokenVault, host: string, key: string, gen: string, reading: Reading<unknown>): string | undefined {
  try {
    const body: EntryBody = { host, key, gen, at: reading.at, value: reading.value };
    return vault.seal(JSON.stringify(body));
  } catch {
    return undefined;
  }
}

/**
 * The reading an entry holds when it opens, belongs to this host + key and generation, and is younger
 * than ttlMs; otherwise undefined (a miss). A key rotated away or a tampered entry is just a miss.
 */
export function openFreshEntry<T>(vault: TokenVault, sealed: string, expected: { host: string; key: string; gen: string }, ttlMs: number, now: number): Reading<T> | undefined {
  const plain = vault.open(sealed);
  if (plain === undefined) return undefined;
  let body: EntryBody;
  try {
    body = JSON.parse(plain) as EntryBody;
  } catch {
    return undefined;
  }
  if (body.host !== expected.host || body.key !== expected.key || body.gen !== expected.gen) return undefined;
  if (typeof body.at !== 'number' || now - body.at >= ttlMs) return undefined;
  return { value: body.value as T, at: body.at };
}
