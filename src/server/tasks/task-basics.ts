/**
 * What both task services (the 2026-07-28 extension and the 2025-11-25 core
 * tasks) make the same way: fresh task ids, and a handler's failure in the
 * JSON-RPC form the task keeps.
 */
import { codecFor } from '../../protocol/codec/index.js';
import { InternalError, McpError } from '../../protocol/errors.js';
import type { RequestHandlerContext } from '../../session/dispatcher.js';
import { bindingOf } from '../binding.js';
import type { TaskError } from './store.js';

/**
 * 128 random bits, hex: unguessable, since a task id is all it takes to read a task on an open server.
 *
 * @example
 * newTaskId(); // '9f86d081884c7d659a2feaa0c55ad015'
 */
export function newTaskId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += byte.toString(16).padStart(2, '0');
  return id;
}

/**
 * A handler's failure as the task keeps it: the JSON-RPC error a plain call would have answered
 * with, encoded for the request's revision (anything but an `McpError` is an internal error).
 *
 * @example
 * wireError(new InvalidParamsError('bad quarter'), ctx); // { code: -32602, message: 'bad quarter' }
 */
export function wireError(error: unknown, inner: RequestHandlerContext): TaskError {
  const failure =
    error instanceof McpError
      ? error
      : new InternalError(error instanceof Error ? error.message : String(error));
  const revision = bindingOf(inner).revision;
  return revision === undefined ? failure.toJSON() : codecFor(revision).encodeError(failure);
}
