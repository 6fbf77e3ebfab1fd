/**
 * Runtime validation of every inbound MCP message, per era, at the boundary.
 *
 * - {@link parseMessage} / {@link classifyMessage}: JSON text → JSON-RPC message
 *   or the -32700 / -32600 error to answer with.
 * - {@link validateRequestMeta}, {@link validateRequestParams},
 *   {@link validateNotificationParams}, {@link validateServerRequestParams},
 *   {@link validateResult}: the payload of a message, by era and method.
 *
 * Validators never copy, strip or coerce: unknown fields (and every `_meta` key)
 * pass untouched, and a valid message costs no allocation. An unknown method is
 * not judged here (`undefined`): someone else answers -32601 or ignores it.
 */
import type { ProtocolEra } from '../versions.js';
import {
  LEGACY_CLIENT_NOTIFICATIONS,
  LEGACY_REQUEST_PARAMS,
  LEGACY_SERVER_REQUEST_PARAMS,
} from './legacy-requests.js';
import { LEGACY_RESULTS, LEGACY_SERVER_NOTIFICATIONS } from './legacy-results.js';
import { MODERN_CLIENT_NOTIFICATIONS, MODERN_REQUEST_PARAMS, requestEnvelope } from './modern-requests.js';
import { MODERN_RESULTS, MODERN_SERVER_NOTIFICATIONS } from './modern-results.js';
import { toIssue, type ValidationIssue, type Validator } from './validator.js';

export { DEFAULT_MAX_MESSAGE_DEPTH } from './depth.js';
export {
  type BatchMessage,
  type ClassifiedMessage,
  classifyMessage,
  type InboundErrorResponse,
  type InvalidMessage,
  type MessageShape,
  parseMessage,
} from './jsonrpc.js';
export type { ValidationIssue } from './validator.js';

const MISSING_META =
  'missing params; every 2026-07-28 request must carry params._meta with "io.modelcontextprotocol/protocolVersion" and "io.modelcontextprotocol/clientCapabilities"';

/** The issue `validator` finds in `value`; undefined when it passes or there is no validator (an unknown method). */
function check(
  validator: Validator<unknown> | undefined,
  value: unknown,
  root: 'params' | 'result',
  method: string | undefined,
): ValidationIssue | undefined {
  if (validator === undefined || validator.test(value)) return undefined;
  // Messages are built only here, on failure: the valid path allocates nothing.
  if (value === undefined) {
    if (method === undefined) return { path: root, message: MISSING_META };
    const verb = root === 'result' ? 'returns' : 'requires';
    return { path: root, message: `missing ${root}; ${method} ${verb} ${validator.expected}` };
  }
  return toIssue(validator.explain(value), root);
}

/**
 * Checks the request `_meta` every 2026-07-28 request must carry:
 * `io.modelcontextprotocol/protocolVersion` (a string) and
 * `io.modelcontextprotocol/clientCapabilities` (an object), plus the types of
 * `clientInfo`, `logLevel` and `progressToken` when present. A server answers any
 * issue with -32602 (HTTP 400), before looking at the method. Whether the version
 * is supported is not judged here.
 *
 * @example
 * validateRequestMeta({ _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } });
 * // { path: 'params._meta["io.modelcontextprotocol/clientCapabilities"]',
 * //   message: 'missing required field; expected an object' }
 */
export function validateRequestMeta(params: unknown): ValidationIssue | undefined {
  return check(requestEnvelope, params, 'params', undefined);
}

/**
 * Checks the params of a client→server request (what a server receives). For
 * the modern era this includes {@link validateRequestMeta}. Returns `undefined`
 * for a valid payload and for a method this era does not define (answer that
 * with -32601 elsewhere). Answer an issue with -32602.
 *
 * @example
 * validateRequestParams('legacy', 'tools/call', { name: 7 });
 * // { path: 'params.name', message: 'expected a string, got number' }
 * validateRequestParams('legacy', 'no/such/method', 42); // undefined
 */
export function validateRequestParams(
  era: ProtocolEra,
  method: string,
  params: unknown,
): ValidationIssue | undefined {
  if (era === 'modern') {
    const validator = MODERN_REQUEST_PARAMS.get(method);
    if (validator === undefined) return undefined;
    return validateRequestMeta(params) ?? check(validator, params, 'params', undefined);
  }
  return check(LEGACY_REQUEST_PARAMS.get(method), params, 'params', method);
}

const NOTIFICATIONS = {
  modern: { toServer: MODERN_CLIENT_NOTIFICATIONS, toClient: MODERN_SERVER_NOTIFICATIONS },
  legacy: { toServer: LEGACY_CLIENT_NOTIFICATIONS, toClient: LEGACY_SERVER_NOTIFICATIONS },
} as const;

/**
 * Checks the params of a notification. `toServer` means the client sent it (a
 * server is validating), `toClient` the server sent it. Unknown notifications
 * give `undefined` (ignore them). A notification is never answered, so an issue
 * is for logging and for dropping the message.
 *
 * @example
 * validateNotificationParams('modern', 'toClient', 'notifications/progress', { progressToken: 't' });
 * // { path: 'params.progress', message: 'missing required field; expected a number' }
 */
export function validateNotificationParams(
  era: ProtocolEra,
  direction: 'toServer' | 'toClient',
  method: string,
  params: unknown,
): ValidationIssue | undefined {
  return check(NOTIFICATIONS[era][direction].get(method), params, 'params', method);
}

/**
 * Checks a result by the method of the request it answers. Mostly client side
 * (a client validating what a server returned); in the legacy era it also
 * covers what a client answers to `sampling/createMessage`, `elicitation/create`
 * and `roots/list`. Modern results may omit `resultType` (treat as `"complete"`),
 * may be `input_required` on `tools/call`, `prompts/get` and `resources/read`,
 * and pass untouched with any other `resultType` string.
 *
 * @example
 * validateResult('modern', 'tools/call', { resultType: 'complete', content: [{ type: 'video' }] });
 * // { path: 'result.content[0].type',
 * //   message: 'expected one of "text", "image", "audio", "resource_link", "resource", got "video"' }
 */
export function validateResult(
  era: ProtocolEra,
  method: string,
  result: unknown,
): ValidationIssue | undefined {
  return check((era === 'modern' ? MODERN_RESULTS : LEGACY_RESULTS).get(method), result, 'result', method);
}

/**
 * Checks the params of a legacy server→client request (what a 2025-11-25 or
 * older client receives): `ping`, `sampling/createMessage`, `elicitation/create`,
 * `roots/list` and the `tasks/*` requests. Modern servers send no requests.
 *
 * @example
 * validateServerRequestParams('elicitation/create', { mode: 'url', message: 'Sign in', url: 'https://x.example' });
 * // { path: 'params.elicitationId', message: 'missing required field; expected a string' }
 */
export function validateServerRequestParams(method: string, params: unknown): ValidationIssue | undefined {
  return check(LEGACY_SERVER_REQUEST_PARAMS.get(method), params, 'params', method);
}

/**
 * Renders an issue as one line: `path: message` (just the message at the root).
 *
 * @example
 * describeIssue({ path: 'params.name', message: 'expected a string, got number' });
 * // 'params.name: expected a string, got number'
 */
export function describeIssue(issue: ValidationIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
