/**
 * 2025-era HTTP sessions shared by every process on one Redis and key
 * prefix: any process serves any request of any session.
 */

import type { StreamEventLog } from '../server/legacy/event-log.js';
import type {
  LegacySessionStore,
  SessionChange,
  SessionMessage,
  SessionRecord,
} from '../server/legacy/session-store.js';
import type { LogLevel } from '../server/logging.js';
import { randomIdTag } from '../session/ids.js';
import { luaScript, type RedisLink } from './link.js';
import { RedisEventLog, type RedisEventLogLimits } from './stream-event-log.js';

/** Options of a {@link RedisLegacySessionStore}. */
export interface RedisSessionStoreOptions {
  /** How long and how much of each request stream is kept for `Last-Event-ID` resumption. */
  streams?: RedisEventLogLimits;
}

/**
 * A session is one hash: `record` (what never changes: id, capabilities, client, owner, as
 * JSON), `revision`, `initialized`, `logLevel`, `holder` (the process holding the GET stream)
 * and one `s:<uri>` field per subscription, so that each change is a field written in place and
 * two processes changing one session at once both keep theirs.
 */
const CREATE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'revision', 0)
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'initialized', '1') end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'logLevel', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'holder', ARGV[5]) end
for i = 6, #ARGV do redis.call('HSET', KEYS[1], 's:' .. ARGV[i], '1') end
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`);

/**
 * Applies a change (the rule of `applySessionChange`) and returns the whole hash; nil when the
 * session is gone. ARGV: ttl, initialized ('1' or ''), log level, process taking the stream,
 * process releasing it, the number of URIs subscribed, then those URIs, then those unsubscribed.
 */
const UPDATE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'initialized', '1') end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'logLevel', ARGV[3]) end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'holder', ARGV[4])
elseif ARGV[5] ~= '' and redis.call('HGET', KEYS[1], 'holder') == ARGV[5] then
  redis.call('HDEL', KEYS[1], 'holder')
end
local subscribed = tonumber(ARGV[6])
for i = 7, 6 + subscribed do redis.call('HSET', KEYS[1], 's:' .. ARGV[i], '1') end
for i = 7 + subscribed, #ARGV do redis.call('HDEL', KEYS[1], 's:' .. ARGV[i]) end
redis.call('HINCRBY', KEYS[1], 'revision', 1)
if tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return redis.call('HGETALL', KEYS[1])
`);

/** Longest session id looked up; anything longer is no session of ours. */
const MAX_SESSION_ID_LENGTH = 128;

const MESSAGE_TYPES: ReadonlySet<string> = new Set<SessionMessage['type']>([
  'state',
  'end',
  'cancel',
  'response',
  'notify',
]);

/**
 * A {@link LegacySessionStore} on Redis. Each session is one key,
 * `{p}:session:<id>`, holding its record as JSON and expiring after the
 * server's idle timeout unless a process keeps it alive; messages between the
 * processes go over the channel `{p}:sessions`; request streams are kept by a
 * {@link RedisEventLog} per session. Every operation waits at most the link's
 * `commandTimeoutMs` and rejects with `RedisUnavailableError` after it: the
 * server then answers `503`, so a client retries rather than starting a new
 * session. Messages published while a process's subscriber connection is down
 * are lost for it (pub/sub keeps no backlog).
 *
 * Usually made by `redisBackplane` (`backplane.sessions`).
 *
 * @example
 * const server = new McpServer(info, { sessions: { store: backplane.sessions } });
 */
export class RedisLegacySessionStore implements LegacySessionStore {
  private readonly channel: string;
  private readonly listeners = new Set<(message: SessionMessage) => void>();
  /** Stream ids are `<tag>-<n>`: the tag keeps this process's apart from every other's. */
  private readonly streamTag = randomIdTag();
  private streamCounter = 0;

  constructor(
    private readonly link: RedisLink,
    private readonly options: RedisSessionStoreOptions = {},
  ) {
    this.channel = link.key('sessions');
    // Subscribed for the store's life (confirmed by `link.ready()`), so a server that starts
    // serving sessions later misses nothing published since.
    link.subscribe(this.channel, (raw) => this.receive(raw));
  }

  async create(record: SessionRecord, ttlMs: number): Promise<void> {
    const fixed: FixedPart = {
      id: record.id,
      protocolVersion: record.protocolVersion,
      clientCapabilities: record.clientCapabilities,
    };
    if (record.clientInfo !== undefined) fixed.clientInfo = record.clientInfo;
    if (record.owner !== undefined) fixed.owner = record.owner;
    const created = await this.link.script(
      `creating session ${record.id}`,
      CREATE,
      [this.key(record.id)],
      [
        JSON.stringify(fixed),
        ttlMs,
        record.initialized ? '1' : '0',
        record.logLevel ?? '',
        record.streamHolder ?? '',
        ...record.subscriptions,
      ],
    );
    if (created !== 1) throw new Error(`Session ${record.id} already exists`);
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    if (id.length === 0 || id.length > MAX_SESSION_ID_LENGTH) return undefined;
    const fields = await this.link.run(`reading session ${id}`, (client) => client.hgetall(this.key(id)));
    return recordFromHash(fields, id);
  }

  async update(id: string, change: SessionChange, ttlMs: number): Promise<SessionRecord | undefined> {
    const subscribe = change.subscribe ?? [];
    const reply = await this.link.script(
      `saving session ${id}`,
      UPDATE,
      [this.key(id)],
      [
        ttlMs,
        change.initialized ? '1' : '',
        change.logLevel ?? '',
        change.holdStream ?? '',
        change.releaseStream ?? '',
        subscribe.length,
        ...subscribe,
        ...(change.unsubscribe ?? []),
      ],
    );
    if (!Array.isArray(reply)) return undefined;
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
    return recordFromHash(fields, id);
  }

  async touch(id: string, ttlMs: number): Promise<boolean> {
    const alive = await this.link.run(`keeping session ${id} alive`, (client) =>
      ttlMs > 0 ? client.pexpire(this.key(id), ttlMs) : client.exists(this.key(id)),
    );
    return alive === 1;
  }

  async delete(id: string): Promise<void> {
    await this.link.run(`deleting session ${id}`, (client) => client.del(this.key(id)));
  }

  async publish(message: SessionMessage): Promise<void> {
    await this.link.run(`sending ${message.type} for session ${message.sessionId}`, (client) =>
      client.publish(this.channel, JSON.stringify(message)),
    );
  }

  subscribe(listener: (message: SessionMessage) => void): () => void {
    // Keyed by a wrapper, so one function may subscribe twice.
    const entry = (message: SessionMessage) => listener(message);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  eventLog(sessionId: string): StreamEventLog {
    return new RedisEventLog(
      this.link,
      sessionId,
      () => `${this.streamTag}-${++this.streamCounter}`,
      this.options.streams,
    );
  }

  private key(id: string): string {
    return this.link.key('session', id);
  }

  private receive(raw: string): void {
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isSessionMessage(message)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }
}

function isSessionMessage(value: unknown): value is SessionMessage {
  if (!isObject(value)) return false;
  const { type, from, sessionId } = value;
  if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) return false;
  if (typeof from !== 'string' || typeof sessionId !== 'string') return false;
  switch (type) {
    case 'state':
      return isRecord(value.record, sessionId);
    case 'cancel':
      return typeof value.requestId === 'string' || typeof value.requestId === 'number';
    case 'response':
      return isObject(value.response) && 'id' in value.response;
    case 'notify':
      return isObject(value.notification) && typeof value.notification.method === 'string';
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a session's `record` field holds: the part fixed by `initialize`. */
type FixedPart = Mutable<
  Pick<SessionRecord, 'id' | 'protocolVersion' | 'clientCapabilities' | 'clientInfo' | 'owner'>
>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A session's hash as a record, checked: one written by another version or by hand is no session. */
function recordFromHash(fields: Record<string, string>, id: string): SessionRecord | undefined {
  const fixed = fields.record === undefined ? undefined : parseFixed(fields.record, id);
  const revision = Number(fields.revision);
  if (!fixed || !Number.isSafeInteger(revision)) return undefined;
  const subscriptions: string[] = [];
  for (const field of Object.keys(fields)) if (field.startsWith('s:')) subscriptions.push(field.slice(2));
  const record: Mutable<SessionRecord> = {
    ...fixed,
    initialized: fields.initialized === '1',
    subscriptions,
    revision,
  };
  if (fields.logLevel !== undefined) record.logLevel = fields.logLevel as LogLevel;
  if (fields.holder !== undefined) record.streamHolder = fields.holder;
  return record;
}

function parseFixed(raw: string, id: string): FixedPart | undefined {
  try {
    const fixed = JSON.parse(raw) as Partial<FixedPart>;
    if (
      fixed.id !== id ||
      typeof fixed.protocolVersion !== 'string' ||
      typeof fixed.clientCapabilities !== 'object' ||
      fixed.clientCapabilities === null
    )
      return undefined;
    return fixed as FixedPart;
  } catch {
    return undefined;
  }
}

/** A record as it travels in a `state` message, checked like a stored one. */
function isRecord(value: unknown, id: string): boolean {
  if (!isObject(value)) return false;
  return (
    value.id === id &&
    typeof value.protocolVersion === 'string' &&
    isObject(value.clientCapabilities) &&
    typeof value.initialized === 'boolean' &&
    Array.isArray(value.subscriptions) &&
    typeof value.revision === 'number'
  );
}
