/**
 * The Lua scripts behind RedisTaskStore: each state transition is one script,
 * so it is atomic however many processes write. Layout, under one hash-tagged
 * prefix `{p}`:
 *
 * - `{p}:task:<id>`: a hash per task: `d` its JSON (without the revision),
 *   `o` its owner tag, `r` its revision (empty when none), `f` `1` once final,
 *   `s` its place in creation order, `n` `1` when kept with no TTL, `z` the
 *   key of its owner's index. It expires at `createdAt + ttlMs` (PEXPIREAT).
 * - `{p}:tasks:owner:<tag>`: a sorted set of one owner's task ids by place
 *   (for `list` and the per-owner limit); it expires with its last task.
 * - `{p}:tasks:expiry`: every task id by expiry time (`+inf` for none), for
 *   the global limit.
 * - `{p}:tasks:kept`: finished tasks with no TTL by place: what may make room.
 * - `{p}:tasks:seq`: the creation counter.
 *
 * Members whose task key has expired are dropped lazily. Every write that is
 * applied is published (`<revision> <json>`) on `{p}:tasks:changed`.
 */
import { luaScript } from './link.js';

/** The current time in ms, by Redis's clock (the one its key expiry uses). */
const NOW = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * Creates a task unless a limit forbids it.
 *
 * KEYS: task, owner index, expiry index, kept index, counter, task key base (`{p}:task:`).
 * ARGV: id, owner tag, has owner (`1`/`0`), maxTasks, maxTasksPerOwner,
 * expire at (ms, empty for none), JSON, revision (or empty), final (`1`/`0`), channel.
 * Returns `ok`, `owner-full`, `full` or `exists`.
 */
export const CREATE_TASK = luaScript(`${NOW}
local task, owner_index, expiry, kept, counter, base = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, tag, has_owner = ARGV[1], ARGV[2], ARGV[3] == '1'
local max_tasks, max_per_owner = tonumber(ARGV[4]), tonumber(ARGV[5])
local expire_at, json, revision, final, channel = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]

if redis.call('EXISTS', task) == 1 then return 'exists' end

-- Drops the ids of tasks that are gone (expired) from an index; all of them, or the oldest few.
local function prune(index, count)
  local ids = redis.call('ZRANGE', index, 0, count)
  for _, member in ipairs(ids) do
    if redis.call('EXISTS', base .. member) == 0 then redis.call('ZREM', index, member) end
  end
end

-- Keeps every owner's index from filling with expired ids: tasks mostly expire oldest first.
prune(owner_index, 1)
if has_owner and redis.call('ZCARD', owner_index) >= max_per_owner then
  prune(owner_index, -1)
  if redis.call('ZCARD', owner_index) >= max_per_owner then return 'owner-full' end
end

redis.call('ZREMRANGEBYSCORE', expiry, '-inf', now_ms())
if redis.call('ZCARD', expiry) >= max_tasks then
  -- Room comes only from the oldest finished task kept with no TTL (it was promised "while there is room").
  local dropped = false
  while not dropped do
    local oldest = redis.call('ZRANGE', kept, 0, 0)
    if #oldest == 0 then break end
    local victim = oldest[1]
    redis.call('ZREM', kept, victim)
    redis.call('ZREM', expiry, victim)
    local victim_index = redis.call('HGET', base .. victim, 'z')
    if victim_index then
      redis.call('DEL', base .. victim)
      redis.call('ZREM', victim_index, victim)
      dropped = true
    end
  end
  if not dropped then return 'full' end
end

local place = redis.call('INCR', counter)
local no_ttl = expire_at == ''
redis.call('HSET', task, 'd', json, 'o', tag, 'r', revision, 'f', final, 's', place, 'z', owner_index,
  'n', no_ttl and '1' or '0')
redis.call('ZADD', owner_index, place, id)
if no_ttl then
  redis.call('ZADD', expiry, '+inf', id)
  if final == '1' then redis.call('ZADD', kept, place, id) end
  redis.call('PERSIST', owner_index)
else
  redis.call('PEXPIREAT', task, expire_at)
  redis.call('ZADD', expiry, expire_at, id)
  -- The owner's index lives as long as its longest-lived task (and forever with one kept with no TTL).
  local left = redis.call('PTTL', owner_index)
  if redis.call('ZCARD', owner_index) == 1 or (left >= 0 and now_ms() + left < tonumber(expire_at)) then
    redis.call('PEXPIREAT', owner_index, expire_at)
  end
end
redis.call('PUBLISH', channel, revision .. ' ' .. json)
return 'ok'
`);

/**
 * Saves a task's new state unless it is gone, someone else's, final, or the
 * save's revision is not above the stored one.
 *
 * KEYS: task, kept index. ARGV: id, owner tag, JSON, revision (or empty), final (`1`/`0`), channel.
 * Returns 1 when saved, 0 when ignored.
 */
export const SAVE_TASK = luaScript(`
local task, kept = KEYS[1], KEYS[2]
local id, tag, json, revision, final, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local stored = redis.call('HMGET', task, 'o', 'f', 'r', 's', 'n')
if not stored[1] or stored[1] ~= tag or stored[2] == '1' then return 0 end
local current = stored[3] or ''
if revision == '' then
  revision = current
elseif current ~= '' and tonumber(revision) <= tonumber(current) then
  return 0
end
redis.call('HSET', task, 'd', json, 'r', revision, 'f', final)
if final == '1' and stored[5] == '1' then redis.call('ZADD', kept, stored[4], id) end
redis.call('PUBLISH', channel, revision .. ' ' .. json)
return 1
`);

/**
 * One page of an owner's live tasks, oldest first, after a place.
 *
 * KEYS: owner index, task key base. ARGV: after (place), limit.
 * Returns { revision1, json1, revision2, json2, ..., next } where next is the
 * place to continue after, or empty on the last page.
 */
export const LIST_TASKS = luaScript(`
local index, base = KEYS[1], KEYS[2]
local after, limit = ARGV[1], tonumber(ARGV[2])
local out, count, last = {}, 0, after
while true do
  local batch = redis.call('ZRANGEBYSCORE', index, '(' .. after, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local id, place = batch[i], batch[i + 1]
    local fields = redis.call('HMGET', base .. id, 'd', 'r')
    if fields[1] then
      if count == limit then
        table.insert(out, last)
        return out
      end
      table.insert(out, fields[2] or '')
      table.insert(out, fields[1])
      count = count + 1
      last = place
    else
      redis.call('ZREM', index, id)
    end
    after = place
  end
end
table.insert(out, '')
return out
`);

/**
 * Takes or renews the leases of tasks running in this process: each deadline
 * becomes now + lease (by Redis's clock), in `{p}:tasks:leases` (a sorted set
 * of task ids by lease deadline). A final task gives its lease up; a task not
 * stored (yet) keeps it, since the lease is taken before the task is created
 * (the reaper drops it if the task never comes).
 *
 * KEYS: leases, task key base. ARGV: lease (ms), then the task ids.
 * Returns the ids of the tasks found final (their runner here may not know it:
 * another process, say a reaper, may have ended them).
 */
export const RENEW_LEASES = luaScript(`${NOW}
local leases, base = KEYS[1], KEYS[2]
local deadline = now_ms() + tonumber(ARGV[1])
local final = {}
for i = 2, #ARGV do
  if redis.call('HGET', base .. ARGV[i], 'f') ~= '1' then
    redis.call('ZADD', leases, deadline, ARGV[i])
  else
    redis.call('ZREM', leases, ARGV[i])
    table.insert(final, ARGV[i])
  end
end
return final
`);

/**
 * Claims at most `limit` tasks whose lease ran out, for the reaper: each one's
 * deadline moves `retry` ms on (so two reapers do not fail it at once, and a
 * reaper that dies half way leaves it for the next). Leases of tasks that are
 * final, gone, or never stored (a process that died between taking the lease
 * and creating the task) are dropped. Only the expired entries are read: O(expired).
 *
 * KEYS: leases, task key base. ARGV: retry (ms), limit.
 * Returns { revision1, json1, revision2, json2, ... } of the claimed tasks.
 */
export const CLAIM_EXPIRED_LEASES = luaScript(`${NOW}
local leases, base = KEYS[1], KEYS[2]
local now = now_ms()
local ids = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local fields = redis.call('HMGET', base .. id, 'f', 'd', 'r')
  if not fields[2] or fields[1] == '1' then
    redis.call('ZREM', leases, id)
  else
    redis.call('ZADD', leases, now + tonumber(ARGV[1]), id)
    table.insert(out, fields[3] or '')
    table.insert(out, fields[2])
  end
end
return out
`);

/**
 * Drops a task's lease: always (its run ended here), or only once the task is
 * gone or final (after the reaper's save, which an alive runner may have beaten).
 *
 * KEYS: leases, task. ARGV: id, `1` to drop only a final or gone task's lease.
 */
export const DROP_LEASE = luaScript(`
local leases, task = KEYS[1], KEYS[2]
if ARGV[2] == '1' then
  local final = redis.call('HGET', task, 'f')
  if final and final ~= '1' then return 0 end
end
return redis.call('ZREM', leases, ARGV[1])
`);
