/**
 * Lua run inside Redis, so a check and the write it guards are one atomic step
 * even with many app instances writing the same keys.
 */

/**
 * Saves a session unless its id is tombstoned (destroyed while a request holding it was in flight),
 * and keeps its user's set alive as long as the longest session in it (EXPIRE NX, then GT).
 * KEYS: session, tombstone, [user set]. ARGV: JSON, TTL in seconds, session id. Returns 1 if written.
 */
export const SET_UNLESS_TOMBSTONED = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if KEYS[3] then
  redis.call('SADD', KEYS[3], ARGV[3])
  redis.call('EXPIRE', KEYS[3], ARGV[2], 'NX')
  redis.call('EXPIRE', KEYS[3], ARGV[2], 'GT')
end
return 1
`;
