/**
 * How `tasks/cancel` and `tasks/update` reach a task's handler when they land
 * on a process that does not run it: the process that took the request
 * publishes a control message, and the process running the handler acts on
 * it. One process needs none of this (the handler is always local).
 */

/**
 * A message for the process running a task's handler: `cancel` aborts the
 * handler's signal (the store already says `cancelled`), `update` hands it
 * input responses (as `tasks/update` carries them).
 *
 * @example
 * const message: TaskControlMessage = { type: 'update', taskId, inputResponses: { 'elicitation-1': { action: 'accept', content: { ok: true } } } };
 */
export type TaskControlMessage =
  | { readonly type: 'cancel'; readonly taskId: string }
  | {
      readonly type: 'update';
      readonly taskId: string;
      readonly inputResponses: Readonly<Record<string, unknown>>;
    };

/**
 * A channel between the processes serving the same tasks, for control
 * messages to whichever process runs a task's handler. Every subscriber in
 * every process hears every message; each acts only on tasks it runs. The
 * sender has checked the caller owns the task; messages are not stored (one
 * published while no process runs the task is simply dropped).
 *
 * @example
 * const server = new McpServer(info, { tasks: { store: backplane.taskStore, control: backplane.taskControl } });
 */
export interface TaskControlBus {
  /**
   * Sends `message` to every subscriber of every process. Resolves once it is
   * on its way; rejects when it cannot be (the channel is down), so the
   * caller can tell the client.
   */
  publish(message: TaskControlMessage): Promise<void>;
  /** Calls `listener` with every message published by any process; returns the unsubscribe function. */
  subscribe(listener: (message: TaskControlMessage) => void): () => void;
}

/**
 * A {@link TaskControlBus} within one process: subscribers hear messages
 * published here. A server needs none (its handlers all run here); it is the
 * reference the shared buses are tested against, and a fit for tests.
 *
 * @example
 * const bus = new InMemoryTaskControlBus();
 * const stop = bus.subscribe((message) => console.log(message.type, message.taskId));
 * await bus.publish({ type: 'cancel', taskId: 'abc' });
 * stop();
 */
export class InMemoryTaskControlBus implements TaskControlBus {
  private readonly listeners = new Set<(message: TaskControlMessage) => void>();

  /**
   * Delivers `message` to every subscriber, each its own copy.
   *
   * @example
   * await bus.publish({ type: 'cancel', taskId });
   */
  async publish(message: TaskControlMessage): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(message));
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }

  /**
   * Calls `listener` with every message; returns the unsubscribe function.
   *
   * @example
   * const stop = bus.subscribe((message) => console.log(message));
   */
  subscribe(listener: (message: TaskControlMessage) => void): () => void {
    // Keyed by a wrapper, so one function may subscribe twice.
    const entry = (message: TaskControlMessage) => listener(message);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }
}

/**
 * Whether a value read from a shared channel is a {@link TaskControlMessage}
 * (any process may publish there).
 *
 * @example
 * if (isTaskControlMessage(JSON.parse(raw))) handle(message);
 */
export function isTaskControlMessage(value: unknown): value is TaskControlMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, taskId, inputResponses } = value as Record<string, unknown>;
  if (typeof taskId !== 'string') return false;
  if (type === 'cancel') return true;
  return (
    type === 'update' &&
    typeof inputResponses === 'object' &&
    inputResponses !== null &&
    !Array.isArray(inputResponses)
  );
}
