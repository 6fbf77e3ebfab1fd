/**
 * Task control messages (`tasks/cancel`, `tasks/update`) carried between
 * processes over Redis pub/sub, so they reach a task's handler wherever it runs.
 */
import {
  isTaskControlMessage,
  type TaskControlBus,
  type TaskControlMessage,
} from '../server/tasks/control-bus.js';
import type { RedisLink } from './link.js';

/**
 * A {@link TaskControlBus} shared by every process on the same key prefix,
 * on the channel `{prefix}:tasks:control`. Publishing waits for Redis at most
 * the link's `commandTimeoutMs` and rejects with `RedisUnavailableError`
 * after it (the client is then answered `-32603`, never a false ack).
 * Messages published while a process's subscriber connection is down are
 * lost for it (pub/sub keeps no backlog).
 *
 * Usually made by `redisBackplane` (`backplane.taskControl`).
 *
 * @example
 * const link = new RedisLink({ url: process.env.REDIS_URL! });
 * const server = new McpServer(info, {
 *   tasks: { store: new RedisTaskStore(link), control: new RedisTaskControlBus(link) },
 * });
 */
export class RedisTaskControlBus implements TaskControlBus {
  private readonly listeners = new Set<(message: TaskControlMessage) => void>();
  private readonly channel: string;

  constructor(private readonly link: RedisLink) {
    this.channel = link.key('tasks', 'control');
    // Subscribed for the bus's life, so a server attached later misses nothing published since.
    link.subscribe(this.channel, (raw) => this.receive(raw));
  }

  /**
   * Publishes `message` to every process (this one included, through Redis).
   * Rejects with `RedisUnavailableError` when Redis cannot take it in time.
   *
   * @example
   * await bus.publish({ type: 'cancel', taskId });
   */
  async publish(message: TaskControlMessage): Promise<void> {
    await this.link.run(`sending ${message.type} for task ${message.taskId}`, (client) =>
      client.publish(this.channel, JSON.stringify(message)),
    );
  }

  /**
   * Calls `listener` with every message any process publishes; returns the
   * unsubscribe function.
   *
   * @example
   * const stop = bus.subscribe((message) => console.log(message.type, message.taskId));
   */
  subscribe(listener: (message: TaskControlMessage) => void): () => void {
    // Keyed by a wrapper, so one function may subscribe twice.
    const entry = (message: TaskControlMessage) => listener(message);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  private receive(raw: string): void {
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isTaskControlMessage(message)) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(message));
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }
}
