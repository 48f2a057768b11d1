import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import { settle, storeOperation, type StoreCallback } from './errors';
import { sessionTtlSeconds, startedNoLaterThan, zoomUserOf } from './expiry';
import type { SessionRedisClient } from './redis-client';
import { SET_UNLESS_TOMBSTONED } from './redis-scripts';
import { DEFAULT_TOMBSTONE_TTL_MS, type AppSessionStore } from './store-types';

/** Longest a request waits on Redis before it is told the session service is unavailable. */
const OPERATION_TIMEOUT_MS = 2000;

/**
 * connect-redis, plus a set per Zoom user (<prefix>user:<id>) for the deauthorization webhook.
 * Sessions live at <prefix>sess:<sid> with the cookie's TTL; a user's set lives as long as their
 * longest session (EXPIRE NX then GT), so it never outlives what it indexes by much, nor dies first.
 * Members are checked against the session itself when read, so a stale member is harmless.
 * A destroyed id leaves <prefix>tomb:<sid> behind (TTL tombstoneTtlMs) and a set of a tombstoned id
 * is refused inside Redis; touch only moves an existing key's TTL, so it cannot revive one either.
 * <prefix>once:<key> holds claims made with rememberOnce (SET NX PX), shared by every instance.
 */
export class RedisSessionStore extends RedisStore implements AppSessionStore {
  readonly kind = 'redis' as const;
  private readonly connected: Promise<void>;

  constructor(
    /** Shared with what else needs Redis (the refresh lock, rate limits): one connection per instance. */
    readonly redis: SessionRedisClient,
    private readonly keyPrefix: string,
    private readonly now: () => number = Date.now,
    private readonly tombstoneTtlMs: number = DEFAULT_TOMBSTONE_TTL_MS,
  ) {
    super({ client: redis, prefix: `${keyPrefix}sess:` });
    // Rejects only if the client is closed first; the 'error' listener has already reported why.
    this.connected = redis.connect().then(() => undefined, () => undefined);
  }

  private userKey(zoomUserId: string): string {
    return `${this.keyPrefix}user:${zoomUserId}`;
  }

  private tombKey(sid: string): string {
    return `${this.keyPrefix}tomb:${sid}`;
  }

  private guarded<T>(work: () => Promise<T>, callback?: StoreCallback<T>) {
    return settle(storeOperation(work, OPERATION_TIMEOUT_MS), callback);
  }

  override get(sid: string, callback?: StoreCallback<SessionData | null>) {
    return this.guarded((): Promise<SessionData | null> => super.get(sid), callback);
  }

  override set(sid: string, sess: SessionData, callback?: StoreCallback<void>) {
    return this.guarded(async () => {
      const userId = zoomUserOf(sess);
      const keys = [this.prefix + sid, this.tombKey(sid), ...(userId ? [this.userKey(userId)] : [])];
      const ttl = String(sessionTtlSeconds(sess, this.now()));
      await this.redis.eval(SET_UNLESS_TOMBSTONED, { keys, arguments: [JSON.stringify(sess), ttl, sid] });
    }, callback);
  }

  /** The rolling cookie calls this on most requests: one round trip for the session and its user's set. */
  override touch(sid: string, sess: SessionData, callback?: StoreCallback<void>) {
    return this.guarded(async () => {
      const ttl = sessionTtlSeconds(sess, this.now());
      const batch = this.redis.multi().expire(this.prefix + sid, ttl);
      const userId = zoomUserOf(sess);
      if (userId) batch.expire(this.userKey(userId), ttl, 'GT');
      await batch.exec();
    }, callback);
  }

  override destroy(sid: string, callback?: StoreCallback<void>) {
    return this.guarded(async () => {
      const userId = zoomUserOf(JSON.parse((await this.redis.get(this.prefix + sid)) ?? 'null'));
      const batch = this.redis.multi().del(this.prefix + sid).set(this.tombKey(sid), '1', { expiration: { type: 'PX', value: this.tombstoneTtlMs } });
      if (userId) batch.sRem(this.userKey(userId), sid);
      await batch.exec();
    }, callback);
  }

  override clear(callback?: StoreCallback<void>) {
    return this.guarded(() => super.clear(), callback);
  }

  override length(callback?: StoreCallback<number>) {
    return this.guarded((): Promise<number> => super.length(), callback);
  }

  sessionsOfUser(zoomUserId: string, startedBefore?: number): Promise<string[]> {
    return storeOperation(async () => {
      const members = await this.redis.sMembers(this.userKey(zoomUserId));
      if (members.length === 0) return [];
      const stored = (await this.redis.mGet(members.map((sid) => this.prefix + sid))).map((json): unknown => JSON.parse(json ?? 'null'));
      const live = members.filter((_sid, i) => zoomUserOf(stored[i]) === zoomUserId);
      const stale = members.filter((sid) => !live.includes(sid));
      if (stale.length > 0) await this.redis.sRem(this.userKey(zoomUserId), stale);
      return live.filter((sid) => startedNoLaterThan(stored[members.indexOf(sid)], startedBefore));
    }, OPERATION_TIMEOUT_MS);
  }

  destroyUserSessions(zoomUserId: string, startedBefore?: number): Promise<number> {
    return storeOperation(async () => {
      const sids = await this.sessionsOfUser(zoomUserId, startedBefore);
      if (sids.length === 0) return 0;
      // SREM of exactly these ids: a login that lands meanwhile keeps its entry. Tombstones first in
      // the same transaction, so a save in flight for any of them is refused.
      const batch = this.redis.multi().del(sids.map((sid) => this.prefix + sid)).sRem(this.userKey(zoomUserId), sids);
      for (const sid of sids) batch.set(this.tombKey(sid), '1', { expiration: { type: 'PX', value: this.tombstoneTtlMs } });
      const [deleted] = await batch.exec();
      return Number(deleted);
    }, OPERATION_TIMEOUT_MS);
  }

  rememberOnce(key: string, ttlMs: number): Promise<boolean> {
    return storeOperation(async () => {
      const reply = await this.redis.set(`${this.keyPrefix}once:${key}`, '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      return reply === 'OK';
    }, OPERATION_TIMEOUT_MS);
  }

  forget(key: string): Promise<void> {
    return storeOperation(async () => void (await this.redis.del(`${this.keyPrefix}once:${key}`)), OPERATION_TIMEOUT_MS);
  }

  /** /healthz: a write, so a Redis that answers but refuses writes (a read-only replica, out of memory) fails too. */
  probe(): Promise<void> {
    return storeOperation(async () => void (await this.redis.set(`${this.keyPrefix}health`, String(this.now()), { expiration: { type: 'PX', value: 60_000 } })), OPERATION_TIMEOUT_MS);
  }

  ready(): Promise<void> {
    return this.connected;
  }

  async close(): Promise<void> {
    // close() lets pending commands finish; while disconnected there is nothing to wait for.
    if (this.redis.isReady) await this.redis.close();
    else if (this.redis.isOpen) this.redis.destroy();
  }
}
