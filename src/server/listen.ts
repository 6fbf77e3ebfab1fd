/**
 * `subscriptions/listen`: a long-lived request whose response stream carries
 * the notifications the client asked for. The acknowledgement comes first;
 * every notification, and the closing result, carries the subscription id
 * (the listen request's JSON-RPC id). Nothing else (no progress, no logs)
 * travels on it.
 */
import { ErrorCode, McpError } from '../protocol/errors.js';
import { META_SUBSCRIPTION_ID } from '../protocol/meta.js';
import type { HandlerResult, SubscriptionsListenResult } from '../protocol/types/index.js';
import type { RequestHandlerContext } from '../session/dispatcher.js';
import type { ServerEvent, ServerEventBus } from './events.js';

/** The filter a client sends and the server acknowledges. */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
  /** Tasks whose `notifications/tasks` the stream carries (tasks extension). */
  taskIds?: string[];
}

/**
 * A feed of notifications beyond the server's change events (task status,
 * for one): given `emit`, it starts delivering and returns the function
 * that stops it. The stream tags each notification with its subscription id.
 *
 * @example
 * const ticks: ListenSource = (emit) => {
 *   const timer = setInterval(() => emit('notifications/tasks', detailedTask(current)), 1000);
 *   return () => clearInterval(timer);
 * };
 */
export type ListenSource = (emit: (method: string, params: Record<string, unknown>) => void) => () => void;

/** What this server can notify about; the acknowledged filter never promises more. */
interface ListenSupport {
  tools: boolean;
  prompts: boolean;
  /** Resources: their list changes and their updates. */
  resources: boolean;
}

/** Bounds on listen streams. */
export interface ListenLimits {
  /** Resource URIs one stream may subscribe to. Default 1000. */
  maxResourceSubscriptions?: number;
  /**
   * Listen streams one verified principal may hold open at once, in this process; one more is
   * refused with -32600 until one ends. Requests without a principal (no `auth`) are not
   * counted: they cannot be told apart. Default 16.
   */
  maxStreamsPerPrincipal?: number;
}

/** Default bound on open listen streams per principal. */
export const DEFAULT_MAX_LISTEN_STREAMS_PER_PRINCIPAL = 16;

/**
 * Counts open listen streams per principal, so that one caller cannot hold an unbounded number.
 *
 * @example
 * const counts = new StreamsPerPrincipal();
 * const release = counts.take('alice', 16); // throws McpError -32600 past 16
 * release(); // when the stream ends
 */
export class StreamsPerPrincipal {
  private readonly open = new Map<string, number>();

  /** Counts one more stream for `principal`, or throws when it already holds `max`; returns its release. */
  take(principal: string, max: number): () => void {
    const held = this.open.get(principal) ?? 0;
    if (held >= max) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `Too many listen streams: this principal already holds ${held}, the limit (listen.maxStreamsPerPrincipal is ${max}); end one, or raise the server's listen.maxStreamsPerPrincipal option`,
      );
    }
    this.open.set(principal, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.open.get(principal) ?? 1) - 1;
      if (now === 0) this.open.delete(principal);
      else this.open.set(principal, now);
    };
  }
}

/** Default bound on resource URIs per listen stream. */
export const DEFAULT_MAX_RESOURCE_SUBSCRIPTIONS = 1000;

/** The part of the filter this server honours. */
export function acknowledgedFilter(
  requested: SubscriptionFilter,
  support: ListenSupport,
  limits: ListenLimits,
): SubscriptionFilter {
  const ack: SubscriptionFilter = {};
  if (requested.toolsListChanged && support.tools) ack.toolsListChanged = true;
  if (requested.promptsListChanged && support.prompts) ack.promptsListChanged = true;
  if (requested.resourcesListChanged && support.resources) ack.resourcesListChanged = true;
  if (Array.isArray(requested.resourceSubscriptions) && support.resources) {
    const max = limits.maxResourceSubscriptions ?? DEFAULT_MAX_RESOURCE_SUBSCRIPTIONS;
    ack.resourceSubscriptions = [...new Set(requested.resourceSubscriptions)].slice(0, max);
  }
  return ack;
}

function wants(filter: SubscriptionFilter, uris: ReadonlySet<string>, event: ServerEvent): boolean {
  switch (event.type) {
    case 'tools/list_changed':
      return filter.toolsListChanged === true;
    case 'prompts/list_changed':
      return filter.promptsListChanged === true;
    case 'resources/list_changed':
      return filter.resourcesListChanged === true;
    case 'resources/updated':
      return uris.has(event.uri);
  }
}

/**
 * The streams a server holds open and ends when it closes: one set the server
 * walks, rather than one abort listener per stream on a server-wide signal
 * (which Node counts, warning past ten).
 *
 * @example
 * const open = new OpenStreams();
 * const release = open.hold(() => stream.end());
 * open.closeAll(); // ends the stream; `release()` after that is harmless
 */
export class OpenStreams {
  private readonly stops = new Set<() => void>();

  /** The number of streams held. */
  get size(): number {
    return this.stops.size;
  }

  /** Holds a stream until the returned function releases it; `stop` ends it. */
  hold(stop: () => void): () => void {
    this.stops.add(stop);
    return () => {
      this.stops.delete(stop);
    };
  }

  /** Ends every stream held now and forgets them; streams held later are not affected. */
  closeAll(): void {
    const stops = [...this.stops];
    this.stops.clear();
    for (const stop of stops) stop();
  }
}

/**
 * Serves one listen request until the client goes away or `hold` stops it.
 * `hold` is given the function that ends the stream and returns the one that
 * forgets it (called once the stream has ended). Resolves with the closing result.
 */
export async function serveListen(
  filter: SubscriptionFilter,
  ctx: RequestHandlerContext,
  bus: ServerEventBus,
  hold: (stop: () => void) => () => void,
  sources: readonly ListenSource[] = [],
): Promise<HandlerResult<SubscriptionsListenResult>> {
  const tag = { [META_SUBSCRIPTION_ID]: ctx.requestId };
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  // Held before the acknowledgement, so a server closing meanwhile still ends this stream.
  const release = hold(stop);
  const signal = ctx.signal;
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  let unsubscribe = () => {};
  let stopSources: (() => void)[] = [];
  try {
    // Subscribed in the same turn as the acknowledgement is sent, so that once a client has the
    // acknowledgement it hears every later change, and nothing arrives before it (notifications
    // go out in the order they are sent).
    const uris = new Set(filter.resourceSubscriptions ?? []);
    unsubscribe = bus.subscribe((event) => {
      if (!wants(filter, uris, event)) return;
      const params: Record<string, unknown> =
        event.type === 'resources/updated' ? { uri: event.uri, _meta: tag } : { _meta: tag };
      void ctx.notify(`notifications/${event.type}`, params).catch(() => {});
    });
    const acknowledged = ctx.notify('notifications/subscriptions/acknowledged', {
      notifications: filter,
      _meta: tag,
    });
    stopSources = sources.map((source) =>
      source((method, params) => void ctx.notify(method, { ...params, _meta: tag }).catch(() => {})),
    );
    await acknowledged;
    await stopped;
  } finally {
    unsubscribe();
    for (const stopSource of stopSources) stopSource();
    signal.removeEventListener('abort', stop);
    release();
  }
  return { _meta: tag };
}
