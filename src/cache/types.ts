/** A Zoom answer as the cache hands it out, with when it was read. */
export interface Reading<T> {
  value: T;
  /** ms (cache clock) when Zoom's answer was read */
  at: number;
}

export interface ReadCache {
  /**
   * The host's entry under `key` when it is fresh (younger than ttlMs and read after the host's last forget);
   * otherwise runs load() and keeps its value. Concurrent identical reads (same host + key) on this instance
   * share one load() (single-flight). `bypass: true` (the page's Refresh): always load, and keep the result.
   * A failing load is not kept (its error reaches every waiter). ttlMs 0: nothing is kept, every read loads
   * (single-flight still applies). A cache store error (Redis down) never fails a read: it loads instead.
   * `accountId`: the host's Zoom account, noted before Zoom is read so that forgetAccount reaches this host.
   */
  read<T>(hostId: string, key: string, load: () => Promise<T>, options?: { bypass?: boolean; accountId?: string }): Promise<Reading<T>>;
  /** Forgets everything kept for this host, on every instance sharing the store. Rejects if the store cannot be reached. */
  forgetHost(hostId: string): Promise<void>;
  /**
   * forgetHost for every host of this account that read through the cache with its accountId within the
   * index's life: for Zoom's events that name the account but not the host (meeting.updated). Returns how many.
   */
  forgetAccount(accountId: string): Promise<number>;
}

/**
 * Which hosts of an account have read through the cache lately (memory or Redis, beside the entries). A host
 * is noted before its read reaches Zoom, so an event that forgets the account after that finds it, and the
 * read's answer is refused by the generation check; an event before it came before the read began.
 */
export interface AccountIndex {
  note(accountId: string, hostId: string): Promise<void>;
  hostsOf(accountId: string): Promise<string[]>;
}

/** What a store answers for one host + key: the host's current generation and the sealed entry, if any. */
export interface Seen {
  gen: string;
  sealed: string | undefined;
}

/**
 * Where sealed entries rest (memory or Redis). A store never sees a value in clear and never judges
 * freshness; it only knows generations: keep() is refused once the host's generation has moved on,
 * so a load that began before forget() cannot put its answer back.
 */
export interface EntryStore {
  look(hostId: string, key: string): Promise<Seen>;
  keep(hostId: string, key: string, gen: string, sealed: string): Promise<void>;
  forget(hostId: string): Promise<void>;
}

/**
 * Keys one host may keep at once. Keys carry Zoom page tokens, which change with every listing, so a host
 * who keeps browsing would otherwise grow its entries without bound while its hash (or record) stays alive.
 */
export const MAX_KEYS_PER_HOST = 500;
