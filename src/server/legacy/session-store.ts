/**
 * Where 2025-era HTTP sessions live when several processes serve them: the
 * session's state (what `initialize` fixed, the log level, subscriptions), the
 * messages that must reach whichever process holds a piece of the session
 * (its GET stream, a request in flight, a server-to-client request waiting for
 * its answer), and its request streams' events for `Last-Event-ID` resumption.
 *
 * One process needs none of this sharing: the in-memory store below is the
 * default, and a shared one (`mcpkit/redis`) makes every process able to serve
 * every request of every session.
 */
import type { JSONRPCNotification, JSONRPCResponse, RequestId } from '../../protocol/jsonrpc.js';
import type { ClientCapabilities } from '../../protocol/types/modern/capabilities.js';
import type { ClientIdentity } from '../client-identity.js';
import type { LogLevel } from '../logging.js';
import { InMemoryEventLog, type StreamEventLog } from './event-log.js';

/** What another process needs to serve a request of a session. */
export interface SessionRecord {
  /** The `Mcp-Session-Id`. */
  readonly id: string;
  /** The negotiated revision. */
  readonly protocolVersion: string;
  /** What the client declared in `initialize`. */
  readonly clientCapabilities: ClientCapabilities;
  /** Who the client said it is. */
  readonly clientInfo?: ClientIdentity;
  /** The principal that opened the session (issuer and subject); only they may use it. */
  readonly owner?: string;
  /** True once `notifications/initialized` arrived. */
  readonly initialized: boolean;
  /** Set by `logging/setLevel`. */
  readonly logLevel?: LogLevel;
  /** URIs subscribed with `resources/subscribe`. */
  readonly subscriptions: readonly string[];
  /** The process holding the session's GET stream (its process tag), if one does. */
  readonly streamHolder?: string;
  /**
   * Counts the changes made to the record (0 when created): a process that
   * hears of changes out of order keeps the newest.
   */
  readonly revision: number;
}

/**
 * A change to a session's state, applied atomically to the stored record, so
 * that two processes changing one session at once (a subscription here, the
 * GET stream there) both keep their change.
 *
 * @example
 * const change: SessionChange = { subscribe: ['file:///a.txt'] };
 */
export interface SessionChange {
  /** `notifications/initialized` arrived. */
  readonly initialized?: true;
  /** `logging/setLevel`. */
  readonly logLevel?: LogLevel;
  /** URIs to add to the subscriptions. */
  readonly subscribe?: readonly string[];
  /** URIs to remove from them. */
  readonly unsubscribe?: readonly string[];
  /** This process (its tag) now holds the GET stream. */
  readonly holdStream?: string;
  /** This process (its tag) let its GET stream go: no holder, unless another took it meanwhile. */
  readonly releaseStream?: string;
}

/** Applies `change` to `record`, the one rule every store follows. */
export function applySessionChange(record: SessionRecord, change: SessionChange): SessionRecord {
  const subscriptions = new Set(record.subscriptions);
  for (const uri of change.subscribe ?? []) subscriptions.add(uri);
  for (const uri of change.unsubscribe ?? []) subscriptions.delete(uri);
  const next: { -readonly [K in keyof SessionRecord]: SessionRecord[K] } = {
    ...record,
    subscriptions: [...subscriptions],
    revision: record.revision + 1,
  };
  if (change.initialized) next.initialized = true;
  if (change.logLevel !== undefined) next.logLevel = change.logLevel;
  if (change.holdStream !== undefined) next.streamHolder = change.holdStream;
  else if (change.releaseStream !== undefined && record.streamHolder === change.releaseStream)
    delete next.streamHolder;
  return next;
}

/**
 * A message between the processes serving one session. `from` is the
 * sending process's tag: a process ignores its own messages.
 *
 * - `state`: the record changed (a subscription, the log level, the GET stream moved);
 * - `end`: the session was deleted (`DELETE`) or ended;
 * - `cancel`: `notifications/cancelled` for a request another process may be running;
 * - `response`: the client's answer to a server-to-client request another process sent;
 * - `notify`: an unsolicited notification for the process holding the GET stream.
 *
 * @example
 * const message: SessionMessage = { type: 'cancel', from: tag, sessionId, requestId: 7 };
 */
export type SessionMessage = { readonly from: string; readonly sessionId: string } & (
  | { readonly type: 'state'; readonly record: SessionRecord }
  | { readonly type: 'end' }
  | { readonly type: 'cancel'; readonly requestId: RequestId }
  | { readonly type: 'response'; readonly response: JSONRPCResponse }
  | { readonly type: 'notify'; readonly notification: JSONRPCNotification }
);

/**
 * Shared state of 2025-era HTTP sessions (`sessions: { store }` of
 * `McpServer`). Records expire `ttlMs` after they were last stored or
 * touched (0: never): a session nobody uses ends by itself, in every process.
 * Methods reject when the store cannot be reached; the server then answers
 * the client `503` rather than pretend (a `404` would make it start over).
 *
 * @example
 * const server = new McpServer(info, { sessions: { store: backplane.sessions } });
 */
export interface LegacySessionStore {
  /** Stores a new session's record. */
  create(record: SessionRecord, ttlMs: number): Promise<void>;
  /** The record of session `id`; undefined when there is none (never was, expired, deleted). */
  load(id: string): Promise<SessionRecord | undefined>;
  /**
   * Applies `change` to a record atomically (see {@link applySessionChange}),
   * keeps it `ttlMs` more, and returns the record as it now is: undefined when
   * the session is gone (expired or deleted meanwhile).
   */
  update(id: string, change: SessionChange, ttlMs: number): Promise<SessionRecord | undefined>;
  /** Keeps a session alive for `ttlMs` more. False when it is gone. */
  touch(id: string, ttlMs: number): Promise<boolean>;
  /** Deletes a session's record. */
  delete(id: string): Promise<void>;
  /** Sends `message` to every process serving sessions on this store. */
  publish(message: SessionMessage): Promise<void>;
  /** Calls `listener` with every message any process publishes; returns the unsubscribe function. */
  subscribe(listener: (message: SessionMessage) => void): () => void;
  /** The log keeping session `sessionId`'s request streams for resumption. */
  eventLog(sessionId: string): StreamEventLog;
}

interface StoredRecord {
  record: SessionRecord;
  expiresAt: number;
}

/**
 * The sessions of one process, in memory: the default, and the reference the
 * shared stores are tested against. Every message published is heard by this
 * process's subscribers (each its own copy), which ignore their own.
 *
 * @example
 * const store = new InMemoryLegacySessionStore();
 * await store.create({ id, protocolVersion: '2025-11-25', clientCapabilities: {}, initialized: false, subscriptions: [], revision: 0 }, 60_000);
 */
export class InMemoryLegacySessionStore implements LegacySessionStore {
  private readonly records = new Map<string, StoredRecord>();
  private readonly listeners = new Set<(message: SessionMessage) => void>();
  private sweptAt = 0;

  async create(record: SessionRecord, ttlMs: number): Promise<void> {
    this.sweep();
    if (this.live(record.id)) throw new Error(`Session ${record.id} already exists`);
    this.records.set(record.id, { record: structuredClone(record), expiresAt: expiry(ttlMs) });
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    const stored = this.live(id);
    return stored ? structuredClone(stored.record) : undefined;
  }

  async update(id: string, change: SessionChange, ttlMs: number): Promise<SessionRecord | undefined> {
    const stored = this.live(id);
    if (!stored) return undefined;
    stored.record = applySessionChange(stored.record, change);
    stored.expiresAt = expiry(ttlMs);
    return structuredClone(stored.record);
  }

  async touch(id: string, ttlMs: number): Promise<boolean> {
    const stored = this.live(id);
    if (!stored) return false;
    stored.expiresAt = expiry(ttlMs);
    return true;
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }

  async publish(message: SessionMessage): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(message));
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: (message: SessionMessage) => void): () => void {
    // Keyed by a wrapper, so one function may subscribe twice.
    const entry = (message: SessionMessage) => listener(message);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** A new log each call: one process holds one per session. */
  eventLog(_sessionId: string): StreamEventLog {
    return new InMemoryEventLog();
  }

  private live(id: string): StoredRecord | undefined {
    const stored = this.records.get(id);
    if (stored && stored.expiresAt <= Date.now()) {
      this.records.delete(id);
      return undefined;
    }
    return stored;
  }

  /** Forgets expired records, at most once a second (creation calls it). */
  private sweep(): void {
    const now = Date.now();
    if (now - this.sweptAt < 1000) return;
    this.sweptAt = now;
    for (const [id, stored] of this.records) if (stored.expiresAt <= now) this.records.delete(id);
  }
}

/** When a record stored now with `ttlMs` expires: never for 0 (no idle timeout). */
function expiry(ttlMs: number): number {
  return ttlMs > 0 ? Date.now() + ttlMs : Number.POSITIVE_INFINITY;
}
