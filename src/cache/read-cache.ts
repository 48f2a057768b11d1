import type { TokenVault } from '../credentials/vault';
import { openFreshEntry, sealEntry } from './entry';
import type { AccountIndex, EntryStore, ReadCache, Reading, Seen } from './types';

export interface ReadCacheSettings {
  ttlMs: number;
  vault: TokenVault;
  now: () => number;
  /** Told how each read was served (the operator's metrics). */
  observe?: (result: CacheReadResult) => void;
  /** Which hosts each account has: without it, forgetAccount forgets nobody. */
  accounts?: AccountIndex;
}

/**
 * hit: a fresh entry; shared: joined a load already in flight on this instance; miss: loaded from Zoom
 * (nothing kept, stale, or the cache off); bypass: loaded because the host asked (Refresh).
 */
export type CacheReadResult = 'hit' | 'shared' | 'miss' | 'bypass';

/** A read in progress for one host + key; `flight` settles once its value is kept (or not). */
interface Flight {
  flight: Promise<Reading<unknown>>;
}

/**
 * The cache's logic over any EntryStore: freshness, sealing and single-flight. Flights are per instance,
 * by host then key, so forgetHost can detach a host's flights: a read after forgetHost never joins a
 * load that began before it. A superseded flight (a bypass started meanwhile, or a forget) is not kept:
 * the newer answer must not be overwritten by an older one.
 */
export function createReadCacheOver(store: EntryStore, settings: ReadCacheSettings): ReadCache {
  const { ttlMs, vault, now, observe, accounts } = settings;
  const flights = new Map<string, Map<string, Flight>>();

  function current(hostId: string, key: string): Flight | undefined {
    return flights.get(hostId)?.get(key);
  }

  function land(hostId: string, key: string, flight: Flight): void {
    const ofHost = flights.get(hostId);
    if (ofHost?.get(key) !== flight) return;
    ofHost.delete(key);
    if (ofHost.size === 0) flights.delete(hostId);
  }

  /** A store that cannot answer is no reason to fail a page: the read loads from Zoom instead. */
  function lookQuietly(hostId: string, key: string): Promise<Seen | undefined> {
    if (ttlMs <= 0) return Promise.resolve(undefined);
    return store.look(hostId, key).catch(() => undefined);
  }

  /** Before Zoom is read (see AccountIndex); an index that cannot answer costs only the account's forgetting. */
  async function noteQuietly(accountId: string | undefined, hostId: string): Promise<void> {
    if (ttlMs <= 0 || !accounts || !accountId) return;
    await accounts.note(accountId, hostId).catch(() => undefined);
  }

  async function fly<T>(hostId: string, key: string, load: () => Promise<T>, bypass: boolean, isCurrent: () => boolean, accountId?: string): Promise<Reading<T>> {
    // A bypass still looks: it needs the generation its answer will be kept under.
    const seen = await lookQuietly(hostId, key);
    if (seen?.sealed && !bypass) {
      const hit = openFreshEntry<T>(vault, seen.sealed, { host: hostId, key, gen: seen.gen }, ttlMs, now());
      if (hit) {
        observe?.('hit');
        return hit;
      }
    }
    observe?.(bypass ? 'bypass' : 'miss');
    await noteQuietly(accountId, hostId);
    const reading: Reading<T> = { value: await load(), at: now() };
    if (seen && isCurrent()) {
      const sealed = sealEntry(vault, hostId, key, seen.gen, reading);
      // Awaited, so a read that has answered has kept its value (another instance reading next finds it).
      if (sealed) await store.keep(hostId, key, seen.gen, sealed).catch(() => undefined);
    }
    return reading;
  }

  function read<T>(hostId: string, key: string, load: () => Promise<T>, options: { bypass?: boolean; accountId?: string } = {}): Promise<Reading<T>> {
    const bypass = options.bypass === true;
    const joined = bypass ? undefined : current(hostId, key);
    if (joined) {
      observe?.('shared');
      return joined.flight as Promise<Reading<T>>;
    }
    // Started on a later tick, so the flight is registered before any of its code runs (even a load that throws at once).
    const flight: Flight = { flight: Promise.resolve().then(() => fly(hostId, key, load, bypass, () => current(hostId, key) === flight, options.accountId)) };
    if (!flights.has(hostId)) flights.set(hostId, new Map());
    flights.get(hostId)!.set(key, flight);
    const done = () => land(hostId, key, flight);
    // Registered before any caller awaits the flight, so it is out of the map before they resume.
    flight.flight.then(done, done);
    return flight.flight as Promise<Reading<T>>;
  }

  async function forgetHost(hostId: string): Promise<void> {
    try {
      await store.forget(hostId);
    } finally {
      // After the store has moved on: flights started before (or during) the forget may hold the old answer.
      flights.delete(hostId);
    }
  }

  async function forgetAccount(accountId: string): Promise<number> {
    if (!accounts || !accountId) return 0;
    const hosts = await accounts.hostsOf(accountId);
    await Promise.all(hosts.map(forgetHost));
    return hosts.length;
  }

  return { read, forgetHost, forgetAccount };
}
