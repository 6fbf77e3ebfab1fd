/**
 * 2025-era HTTP sessions shared by every process on one Redis and key
 * prefix: any process serves any request of any session.
 */

import type { StreamEventLog } from '../server/legacy/event-log.js';
import type { LegacySessionStore, SessionMessage, SessionRecord } from '../server/legacy/session-store.js';
import { randomIdTag } from '../session/ids.js';
import type { RedisLink } from './link.js';
import { RedisEventLog, type RedisEventLogLimits } from './stream-event-log.js';

/** Options of a {@link RedisLegacySessionStore}. */
export interface RedisSessionStoreOptions {
  /** How long and how much of each request stream is kept for `Last-Event-ID` resumption. */
  streams?: RedisEventLogLimits;
}

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
    const stored = await this.link.run(`creating session ${record.id}`, (client) =>
      ttlMs > 0
        ? client.set(this.key(record.id), JSON.stringify(record), 'PX', ttlMs, 'NX')
        : client.set(this.key(record.id), JSON.stringify(record), 'NX'),
    );
    if (stored !== 'OK') throw new Error(`Session ${record.id} already exists`);
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    if (id.length === 0 || id.length > MAX_SESSION_ID_LENGTH) return undefined;
    const raw = await this.link.run(`reading session ${id}`, (client) => client.get(this.key(id)));
    return raw === null ? undefined : parseRecord(raw, id);
  }

  async save(record: SessionRecord, ttlMs: number): Promise<boolean> {
    const stored = await this.link.run(`saving session ${record.id}`, (client) =>
      ttlMs > 0
        ? client.set(this.key(record.id), JSON.stringify(record), 'PX', ttlMs, 'XX')
        : client.set(this.key(record.id), JSON.stringify(record), 'XX'),
    );
    return stored === 'OK';
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
      return isObject(value.record) && parseRecord(JSON.stringify(value.record), sessionId) !== undefined;
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

/** A stored record, checked: one written by another version or by hand is no session. */
function parseRecord(raw: string, id: string): SessionRecord | undefined {
  try {
    const record = JSON.parse(raw) as Partial<SessionRecord>;
    if (
      record.id !== id ||
      typeof record.protocolVersion !== 'string' ||
      typeof record.initialized !== 'boolean' ||
      !Array.isArray(record.subscriptions) ||
      typeof record.clientCapabilities !== 'object' ||
      record.clientCapabilities === null
    )
      return undefined;
    return record as SessionRecord;
  } catch {
    return undefined;
  }
}
