/**
 * `subscriptions/listen` on the client: an async iterable of the stream's
 * notifications. It ends when the server closes the subscription (a final
 * result, or on stdio `notifications/cancelled` naming it) or the caller
 * aborts; a stream that broke is reopened as a new request.
 */
import type { RequestId } from '../protocol/jsonrpc.js';
import { followAbort } from '../session/abort.js';

/** What to listen for. */
export interface ListenFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
  /** Tasks whose status changes to deliver as `notifications/tasks` (the tasks extension, declared for this request). */
  taskIds?: string[];
}

/** One notification of a listen stream. */
export interface ListenNotification {
  method: string;
  params?: Record<string, unknown>;
}

/** How the iterable reaches the connection. */
export interface ListenIo {
  /** Sends the listen request; `onId` learns its id before it is sent. */
  open(params: Record<string, unknown>, signal: AbortSignal, onId: (id: RequestId) => void): Promise<unknown>;
  /** Routes notifications tagged with `id` to `listener`; returns the unregister function. */
  register(id: RequestId, listener: (notification: ListenNotification) => void): () => void;
  /** True when an error means the stream broke (reopen), not that the server refused. */
  isBroken(error: unknown): boolean;
}

/** Reopenings of a broken stream before giving up. */
export const MAX_LISTEN_REOPENS = 5;

/**
 * The iterable behind `client.listen()`.
 *
 * @example
 * for await (const event of listenStream({ toolsListChanged: true }, signal, io)) console.log(event.method);
 */
export async function* listenStream(
  filter: ListenFilter,
  signal: AbortSignal | undefined,
  io: ListenIo,
): AsyncGenerator<ListenNotification> {
  const queue: ListenNotification[] = [];
  let wake: (() => void) | undefined;
  const nudge = () => {
    wake?.();
    wake = undefined;
  };
  for (let reopen = 0; reopen <= MAX_LISTEN_REOPENS; reopen++) {
    if (signal?.aborted) return;
    const controller = new AbortController();
    const stopFollowing = followAbort(signal, () => controller.abort(signal?.reason));
    let unregister: (() => void) | undefined;
    let ended = false;
    let failure: unknown;
    const pending = io
      .open({ notifications: filter }, controller.signal, (id) => {
        unregister = io.register(id, (notification) => {
          if (notification.method === 'notifications/cancelled') ended = true;
          else queue.push(notification);
          nudge();
        });
      })
      .then(
        () => {
          ended = true;
        },
        (error: unknown) => {
          failure = error;
        },
      )
      .finally(nudge);
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (ended || failure !== undefined || signal?.aborted) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      unregister?.();
      stopFollowing();
      if (!ended && failure === undefined) controller.abort();
      await pending.catch(() => {});
    }
    if (ended || signal?.aborted) return;
    if (!io.isBroken(failure)) throw failure;
  }
  throw new Error(`The listen stream broke ${MAX_LISTEN_REOPENS + 1} times; giving up`);
}
