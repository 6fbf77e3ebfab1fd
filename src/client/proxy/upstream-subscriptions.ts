/**
 * Resource subscriptions that follow the downstream ones: while at least one downstream client
 * of the proxy is subscribed to a URI (a 2025 `resources/subscribe`, or a 2026-07-28 listen
 * stream naming it), the proxy is subscribed to it upstream, so the upstream's
 * `resources/updated` reaches it and is passed on. Counted per URI, in this process.
 */
import { isObject } from '../../protocol/validation/validator.js';
import type { Middleware } from '../../session/middleware.js';
import type { Client } from '../client.js';

/** The most URIs one listen request subscribes to, as the server acknowledges them (`listen` limits). */
const MAX_URIS_PER_LISTEN = 1000;

/**
 * The proxy's upstream subscriptions, and the middleware that keeps them.
 *
 * @example
 * const subscriptions = new UpstreamSubscriptions(upstream, warn);
 * const server = new McpServer(info, { middleware: [subscriptions.middleware] });
 */
export class UpstreamSubscriptions {
  private readonly held = new Map<string, { count: number; stop: () => void }>();

  constructor(
    private readonly upstream: Client,
    private readonly warn: (message: string) => void,
  ) {}

  /** Counts downstream subscriptions as the proxy server serves them (outermost, to see them all). */
  readonly middleware: Middleware = (next) => async (ctx, message) => {
    if (ctx.direction !== 'inbound' || !('id' in message)) return next(ctx, message);
    const params = message.params ?? {};
    switch (message.method) {
      case 'resources/subscribe': {
        const result = await next(ctx, message);
        if (typeof params.uri === 'string') this.acquire(params.uri);
        return result;
      }
      case 'resources/unsubscribe': {
        const result = await next(ctx, message);
        if (typeof params.uri === 'string') this.release(params.uri);
        return result;
      }
      case 'subscriptions/listen': {
        const notifications = isObject(params.notifications) ? params.notifications : {};
        const listed = Array.isArray(notifications.resourceSubscriptions)
          ? notifications.resourceSubscriptions
          : [];
        const uris = [...new Set(listed.filter((uri): uri is string => typeof uri === 'string'))].slice(
          0,
          MAX_URIS_PER_LISTEN,
        );
        for (const uri of uris) this.acquire(uri);
        try {
          // A listen request lasts as long as its stream.
          return await next(ctx, message);
        } finally {
          for (const uri of uris) this.release(uri);
        }
      }
      default:
        return next(ctx, message);
    }
  };

  /** Ends every upstream subscription. */
  close(): void {
    for (const { stop } of this.held.values()) stop();
    this.held.clear();
  }

  private acquire(uri: string): void {
    const current = this.held.get(uri);
    if (current) {
      current.count++;
      return;
    }
    this.held.set(uri, { count: 1, stop: this.subscribe(uri) });
  }

  private release(uri: string): void {
    const current = this.held.get(uri);
    if (!current) return;
    if (--current.count > 0) return;
    this.held.delete(uri);
    current.stop();
  }

  /** Subscribes upstream to `uri`; returns the function that ends it. */
  private subscribe(uri: string): () => void {
    const failed = (error: unknown) =>
      this.warn(
        `Proxy: could not follow ${uri} upstream: ${error instanceof Error ? error.message : String(error)}`,
      );
    if (this.upstream.server.era === 'legacy') {
      void this.upstream.request('resources/subscribe', { uri }).catch(failed);
      return () => void this.upstream.request('resources/unsubscribe', { uri }).catch(() => {});
    }
    // On 2026-07-28 a subscription is a listen stream; its notifications reach the proxy's watcher.
    const controller = new AbortController();
    void (async () => {
      for await (const _ of this.upstream.listen(
        { resourceSubscriptions: [uri] },
        { signal: controller.signal },
      )) {
      }
    })().catch((error: unknown) => {
      if (!controller.signal.aborted) failed(error);
    });
    return () => controller.abort();
  }
}
