/**
 * The `--port N` value shared by `mcpkit proxy` and `mcpkit dev`: a TCP port to serve HTTP on.
 */
import { UsageError } from './errors.js';

/**
 * Reads a `--port` value: a whole number from 0 (the system picks a free port) to 65535.
 * Throws {@link UsageError} saying what to give otherwise.
 *
 * @example
 * portNumber('3000'); // 3000
 * portNumber('0');    // 0: any free port
 */
export function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--port ${value}: give a port number from 0 (any free port) to 65535.`);
  return port;
}
