/**
 * Writes a cached job (`KEYS[1]` a hash: `v` version, `json` record) unless the cache already holds that
 * version or a newer one. ARGV: json, version, ttlSeconds, mode. In `populate` mode (a read-through fill) it
 * also yields to the `held` marker a write or delete leaves, so a read that raced it never puts back an old record.
 */
export const SET_CACHED_JOB = `
local cachedVersion = redis.call('HGET', KEYS[1], 'v')
if ARGV[4] == 'populate' and redis.call('HEXISTS', KEYS[1], 'held') == 1 then return 0 end
if cachedVersion and tonumber(cachedVersion) >= tonumber(ARGV[2]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`;
