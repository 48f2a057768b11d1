import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import { settle, storeOperation, type StoreCallback } from './errors';
import { sessionTtlSeconds, zoomUserOf } from './expiry';
import type { SessionRedisClient } from './redis-client';
import type { AppSessionStore } from './store-types';

/** Longest a request waits on Redis before it is told the session service is unavailable. */
const OPERATION_TIMEOUT_MS = 2000;

/**
 * connect-redis, plus a set per Zoom user (<prefix>user:<id>) for the deauthorization webhook.
 * Sessions live at <prefix>sess:<sid> with the cookie's TTL; a user's set lives as long as their
 * longest session (EXPIRE NX then GT), so it never outlives what it indexes by much, nor dies first.
 * Members are checked against the session itself when read, so a stale member is harmless.
 */
export class RedisSessionStore extends RedisStore implements AppSessionStore {
  readonly kind = 'redis' as const;
  private readonly connected: Promise<void>;

  constructor(
    /** Shared with what else needs Redis (the refresh lock, rate limits): one connection per instance. */
    readonly redis: SessionRedisClient,
    private readonly keyPrefix: string,
    private readonly now: () => number = Date.now,
  ) {
    super({ client: redis, prefix: `${keyPrefix}sess:` });
    // Rejects only if the client is closed first; the 'error' listener has already reported why.
    this.connected = redis.connect().then(() => undefined, () => undefined);
  }

  private userKey(zoomUserId: string): string {
    return `${this.keyPrefix}user:${zoomUserId}`;
  }

  private guarded<T>(work: () => Promise<T>, callback?: StoreCallback<T>) {
    return settle(storeOperation(work, OPERATION_TIMEOUT_MS), callback);
  }

  override get(sid: string, callback?: StoreCallback<SessionData | null>) {
    return this.guarded((): Promise<SessionData | null> => super.get(sid), callback);
  }

  override set(sid: string, sess: SessionData, callback?: StoreCallback<void>) {
    return this.guarded(async () => {
      await super.set(sid, sess);
      const userId = zoomUserOf(sess);
      if (!userId) return;
      const ttl = sessionTtlSeconds(sess, this.now());
      await this.redis.multi().sAdd(this.userKey(userId), sid).expire(this.userKey(userId), ttl, 'NX').expire(this.userKey(userId), ttl, 'GT').exec();
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
      const batch = this.redis.multi().del(this.prefix + sid);
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

  sessionsOfUser(zoomUserId: string): Promise<string[]> {
    return storeOperation(async () => {
      const members = await this.redis.sMembers(this.userKey(zoomUserId));
      if (members.length === 0) return [];
      const stored = await this.redis.mGet(members.map((sid) => this.prefix + sid));
      const live = members.filter((_sid, i) => zoomUserOf(JSON.parse(stored[i] ?? 'null')) === zoomUserId);
      const stale = members.filter((sid) => !live.includes(sid));
      if (stale.length > 0) await this.redis.sRem(this.userKey(zoomUserId), stale);
      return live;
    }, OPERATION_TIMEOUT_MS);
  }

  destroyUserSessions(zoomUserId: string): Promise<number> {
    return storeOperation(async () => {
      const sids = await this.sessionsOfUser(zoomUserId);
      if (sids.length === 0) return 0;
      // SREM of exactly these ids: a login that lands meanwhile keeps its entry.
      const [deleted] = await this.redis.multi().del(sids.map((sid) => this.prefix + sid)).sRem(this.userKey(zoomUserId), sids).exec();
      return Number(deleted);
    }, OPERATION_TIMEOUT_MS);
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
