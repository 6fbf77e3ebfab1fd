/**
 * The one error the Redis backplane adds: Redis could not be reached in time.
 */
import { TaskStoreUnavailableError } from '../server/tasks/store.js';

/**
 * Thrown (as a rejection) when a command cannot reach Redis within the
 * backplane's `commandTimeoutMs`: the server is down, the URL is wrong, the
 * credentials are refused, or the network drops. State that is meant to be
 * shared is never kept in one process instead: a task is not created, say.
 * It is a `TaskStoreUnavailableError`, which is how the server recognises an
 * unreachable task store (an optional-task tool then answers inline).
 *
 * @example
 * try {
 *   await backplane.taskStore.create(task);
 * } catch (error) {
 *   if (error instanceof RedisUnavailableError) console.error(error.message); // says what to check
 * }
 */
export class RedisUnavailableError extends TaskStoreUnavailableError {
  override name = 'RedisUnavailableError';

  /**
   * @param what What was being done (`creating task t1`), for the message.
   * @param where Where Redis was expected (`redis://cache:6379`), or undefined for a client passed in.
   * @param detail Why it failed (a timeout, the connection's last error).
   */
  constructor(what: string, where: string | undefined, detail: string, options?: { cause?: unknown }) {
    super(
      `Redis is unreachable (${detail}) while ${what}, so the state it shares cannot be read or written. ` +
        `Check that Redis is running${where ? ` at ${where}` : ''}, that the URL (host, port, password, TLS) is right, ` +
        'and that this process can reach it over the network.',
      options,
    );
  }
}
