/**
 * The tasks extension's identity and its per-request opt-in. A client declares
 * the extension on each request (`_meta` client capabilities, SEP-2575); the
 * server may answer with a task only on a request that did, whatever earlier
 * requests declared (SEP-2663).
 */
import { MissingRequiredClientCapabilityError } from '../../protocol/errors.js';
import { META_CLIENT_CAPABILITIES, META_PROTOCOL_VERSION } from '../../protocol/meta.js';
import { isObject } from '../../protocol/validation/validator.js';
import { eraOf } from '../../protocol/versions.js';

/** The extension identifier, as declared in `capabilities.extensions`. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/**
 * Whether a request's `_meta` declares the tasks extension. A 2025 request
 * never does: the extension is not defined on that revision, whatever its
 * capabilities say.
 *
 * @example
 * declaresTasks({
 *   'io.modelcontextprotocol/protocolVersion': '2026-07-28',
 *   'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
 * }); // true
 */
export function declaresTasks(meta: Readonly<Record<string, unknown>> | undefined): boolean {
  const version = meta?.[META_PROTOCOL_VERSION];
  if (typeof version !== 'string' || eraOf(version) !== 'modern') return false;
  const capabilities = meta?.[META_CLIENT_CAPABILITIES];
  const extensions = isObject(capabilities) ? capabilities.extensions : undefined;
  return isObject(extensions) && isObject(extensions[TASKS_EXTENSION]);
}

/**
 * The -32021 answer for a request that needs the tasks extension and did not
 * declare it, naming the extension in `data.requiredCapabilities`.
 *
 * @example
 * throw missingTasksCapability('Tool "render" runs only as a task');
 */
export function missingTasksCapability(why: string): MissingRequiredClientCapabilityError {
  return new MissingRequiredClientCapabilityError(
    `${why}: declare the ${TASKS_EXTENSION} extension in this request's client capabilities`,
    { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
  );
}
