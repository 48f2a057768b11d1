import { LRUCache } from 'lru-cache';
import { MAX_KEYS_PER_HOST, type EntryStore } from './types';

/** One host's entries (sealed) under the generation they were loaded in. */
interface HostRecord {
  gen: string;
  entries: Map<string, string>;
}

/**
 * One process: an LRU of hosts, least recently used dropped first once maxHosts are held.
 * Generations come from one counter for the whole store, never per host: a host forgotten (or
 * evicted) and met again gets a generation no load in flight can hold, so forget() is just delete.
 */
export function createMemoryEntryStore(maxHosts: number): EntryStore {
  const hosts = new LRUCache<string, HostRecord>({ max: maxHosts });
  let lastGen = 0;

  function recordOf(hostId: string): HostRecord {
    let record = hosts.get(hostId);
    if (!record) {
      lastGen += 1;
      record = { gen: String(lastGen), entries: new Map() };
      hosts.set(hostId, record);
    }
    return record;
  }

  async function look(hostId: string, key: string) {
    const record = recordOf(hostId);
    return { gen: record.gen, sealed: record.entries.get(key) };
  }

  async function keep(hostId: string, key: string, gen: string, sealed: string) {
    // peek: a write is not a use, and a record gone since the load began means it was forgotten.
    const record = hosts.peek(hostId);
    if (!record || record.gen !== gen) return;
    // Delete first so a rewritten key moves to the end of the Map's order, then drop the oldest written.
    record.entries.delete(key);
    if (record.entries.size >= MAX_KEYS_PER_HOST) record.entries.delete(record.entries.keys().next().value as string);
    record.entries.set(key, sealed);
  }

  async function forget(hostId: string) {
    hosts.delete(hostId);
  }

  return { look, keep, forget };
}
