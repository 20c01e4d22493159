/**
 * Lua for RedisActionStore: each write checks and changes the record and every index in one atomic step.
 * Keys are derived from the prefix (ARGV[1]) because an update may move an action between indexes it can only
 * learn from the stored record; on Redis Cluster use a prefix with a hash tag (`{agent-runtime}`).
 *
 * Layout under P = ARGV[1]:
 *   P:action:<id>           hash: json, v (version), jobId, status, tokenHash, createdAt, expiresAt
 *   P:action-token:<hash>   string: the actionId owning a resume token hash
 *   P:actions               zset: every actionId by createdAt (ties by id, the list order)
 *   P:job-actions:<jobId>   zset: the job's actionIds by createdAt
 *   P:job-pending:<jobId>   zset: the job's pending actionIds by createdAt
 *   P:action-expiry         zset: pending actionIds that expire, by expiresAt
 */
const KEYS_AND_INDEXES = `
local P = ARGV[1]
local function recordKey(id) return P .. ':action:' .. id end
local function tokenKey(hash) return P .. ':action-token:' .. hash end

local function index(id, jobId, status, tokenHash, createdAt, expiresAt)
  redis.call('SET', tokenKey(tokenHash), id)
  redis.call('ZADD', P .. ':actions', createdAt, id)
  redis.call('ZADD', P .. ':job-actions:' .. jobId, createdAt, id)
  if status == 'pending' then
    redis.call('ZADD', P .. ':job-pending:' .. jobId, createdAt, id)
    if expiresAt ~= '' then redis.call('ZADD', P .. ':action-expiry', expiresAt, id) end
  end
end

local function unindex(id)
  local old = redis.call('HMGET', recordKey(id), 'jobId', 'tokenHash')
  redis.call('DEL', tokenKey(old[2]))
  redis.call('ZREM', P .. ':actions', id)
  redis.call('ZREM', P .. ':job-actions:' .. old[1], id)
  redis.call('ZREM', P .. ':job-pending:' .. old[1], id)
  redis.call('ZREM', P .. ':action-expiry', id)
end

local function write(id, json, version, jobId, status, tokenHash, createdAt, expiresAt)
  redis.call('DEL', recordKey(id))
  redis.call('HSET', recordKey(id), 'json', json, 'v', version, 'jobId', jobId, 'status', status,
    'tokenHash', tokenHash, 'createdAt', createdAt, 'expiresAt', expiresAt)
  index(id, jobId, status, tokenHash, createdAt, expiresAt)
end
`;

/** ARGV: prefix, id, json, version, jobId, status, tokenHash, createdAt, expiresAt ('' for none). 1, or 0 when taken. */
export const CREATE_ACTION = `${KEYS_AND_INDEXES}
if redis.call('EXISTS', recordKey(ARGV[2])) == 1 or redis.call('EXISTS', tokenKey(ARGV[7])) == 1 then return 0 end
write(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])
return 1
`;

/**
 * ARGV: as CREATE_ACTION (with the new version), then the expected version.
 * {1} written; {-1} not found; {-2, storedVersion} stale; {-3, ownerId} token hash owned by another action.
 */
export const UPDATE_ACTION = `${KEYS_AND_INDEXES}
local id = ARGV[2]
if redis.call('EXISTS', recordKey(id)) == 0 then return {-1} end
local stored = redis.call('HGET', recordKey(id), 'v')
if stored ~= ARGV[10] then return {-2, stored} end
local owner = redis.call('GET', tokenKey(ARGV[7]))
if owner and owner ~= id then return {-3, owner} end
unindex(id)
write(id, ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])
return {1}
`;

/** ARGV: prefix, id. 1 when deleted, 0 when absent. */
export const DELETE_ACTION = `${KEYS_AND_INDEXES}
if redis.call('EXISTS', recordKey(ARGV[2])) == 0 then return 0 end
unindex(ARGV[2])
redis.call('DEL', recordKey(ARGV[2]))
return 1
`;

/** ARGV: prefix, tokenHash. The json of the action owning the token hash (one round trip), or nil. */
export const GET_ACTION_BY_TOKEN = `
local id = redis.call('GET', ARGV[1] .. ':action-token:' .. ARGV[2])
if not id then return false end
return redis.call('HGET', ARGV[1] .. ':action:' .. id, 'json')
`;
