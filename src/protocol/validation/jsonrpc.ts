/**
 * Turning raw input into a JSON-RPC message, or into a description of the error
 * to answer with. Same rules on every revision, with one difference: 2025-03-26
 * (only that revision) let peers send JSON-RPC batches (arrays); 2024-11-05 did
 * not mention them and 2025-06-18 removed them. A batch is therefore reported as
 * its own kind so the caller decides.
 */
import { ErrorCode } from '../errors.js';
import {
  JSONRPC_VERSION,
  type JSONRPCErrorObject,
  type JSONRPCErrorResponse,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type JSONRPCResultResponse,
  type RequestId,
} from '../jsonrpc.js';
import { DEFAULT_MAX_MESSAGE_DEPTH, nestsDeeperThan } from './depth.js';
import { exactIntegerId, topLevelIdText, topLevelMemberText } from './exact-id.js';
import { isObject, kindOf, preview } from './validator.js';

/**
 * An error response as it may arrive: a JSON-RPC 2.0 peer answering a message it
 * could not read sends `id: null`, which MCP spells as an absent id.
 */
export type InboundErrorResponse = Omit<JSONRPCErrorResponse, 'id'> & { id?: RequestId | null };

/** What the message looked like, so a caller never answers something that was a response. */
export type MessageShape = 'request' | 'notification' | 'response' | 'unknown';

/** Input that is not a valid JSON-RPC message, with the error to answer with. */
export interface InvalidMessage {
  kind: 'invalid';
  /** The error object to send back: code -32700 (not JSON) or -32600 (not a valid message). */
  error: { code: typeof ErrorCode.ParseError | typeof ErrorCode.InvalidRequest; message: string };
  /** The request id, when one could be read; answer without an id otherwise. */
  id?: RequestId;
  /**
   * What the input looked like. JSON-RPC never answers a response, so when this is
   * `'response'` log the problem instead of replying.
   */
  shape: MessageShape;
  /** True when `id` is the digits of an integer beyond the safe range (see {@link ExactIdMark}). */
  wideId?: true;
}

/**
 * Set on a classification whose id was an integer beyond `Number.MAX_SAFE_INTEGER`
 * (2^53 - 1), which a JavaScript number cannot hold. The message's `id` is then the
 * string of its digits exactly as sent, and the answer must write them back as a JSON
 * number (`encodeMessage(response, true)` in the transports), never as a string.
 */
export interface ExactIdMark {
  wideId?: true;
}

/** A JSON array: a JSON-RPC batch. */
export interface BatchMessage {
  kind: 'batch';
  /** The raw items; classify each with {@link classifyMessage} if batches are accepted. */
  items: unknown[];
  /** The error to answer with when batches are not accepted (every revision except 2025-03-26). */
  error: { code: typeof ErrorCode.InvalidRequest; message: string };
}

/** The result of {@link classifyMessage} / {@link parseMessage}. The message is the input object itself (not a copy). */
export type ClassifiedMessage =
  | ({ kind: 'request'; message: JSONRPCRequest } & ExactIdMark)
  | { kind: 'notification'; message: JSONRPCNotification }
  | ({ kind: 'result'; message: JSONRPCResultResponse } & ExactIdMark)
  | ({ kind: 'error'; message: InboundErrorResponse } & ExactIdMark)
  | BatchMessage
  | InvalidMessage;

const BATCH_MESSAGE =
  'JSON-RPC batches (arrays) are not supported: MCP 2025-06-18 and later send one message at a time (only 2025-03-26 allowed batches)';

function invalid(message: string, shape: MessageShape, id?: RequestId): InvalidMessage {
  const result: InvalidMessage = {
    kind: 'invalid',
    error: { code: ErrorCode.InvalidRequest, message },
    shape,
  };
  if (id !== undefined) result.id = id;
  return result;
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

function describeIdProblem(id: unknown): string {
  if (id === null) return '"id" must be a string or an integer, got null (MCP forbids null request ids)';
  if (typeof id === 'number' && !Number.isFinite(id))
    return '"id" must be a string or an integer, got a number too large to be one';
  if (typeof id === 'number')
    return `"id" must be a string or an integer, got the fractional number ${String(id)}`;
  return `"id" must be a string or an integer, got ${kindOf(id)}`;
}

/**
 * Classifies an already-parsed value as a JSON-RPC request, notification,
 * result response, error response, batch, or invalid message (with the error
 * code, message and — when readable — id to answer with). Nothing is copied:
 * `message` is `value`. Unknown top-level members pass.
 *
 * @example
 * classifyMessage({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }).kind; // 'request'
 * classifyMessage({ jsonrpc: '2.0', id: 7, method: 42 });
 * // { kind: 'invalid', error: { code: -32600, message: '"method" must be a string, got number' }, id: 7, shape: 'request' }
 */
export function classifyMessage(value: unknown): ClassifiedMessage {
  return classify(value, undefined);
}

/**
 * {@link classifyMessage}, with `inexactId`: the text of an integer id beyond the safe
 * range that is not written in plain digits (`1e20`, `9007199254740993.5`), refused as
 * an id that cannot be echoed exactly.
 */
function classify(value: unknown, inexactId: string | undefined): ClassifiedMessage {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return invalid(
        'an empty array is not a valid JSON-RPC message (and MCP 2025-06-18 and later send no batches)',
        'unknown',
      );
    }
    return { kind: 'batch', items: value, error: { code: ErrorCode.InvalidRequest, message: BATCH_MESSAGE } };
  }
  if (!isObject(value))
    return invalid(`a JSON-RPC message must be an object, got ${kindOf(value)}`, 'unknown');

  const id = value.id;
  const hasId = id !== undefined;
  const readableId = inexactId === undefined && isRequestId(id) ? id : undefined;
  const hasMethod = value.method !== undefined;
  const hasResult = value.result !== undefined;
  const hasError = value.error !== undefined;
  const shape: MessageShape = hasMethod
    ? hasId
      ? 'request'
      : 'notification'
    : hasResult || hasError
      ? 'response'
      : 'unknown';
  const reject = (message: string) => invalid(message, shape, readableId);
  const idProblem = (id: unknown) =>
    inexactId === undefined
      ? describeIdProblem(id)
      : `"id" ${inexactId} cannot be answered exactly: an integer id beyond 2^53 - 1 must be written in plain digits (or sent as a string)`;

  const version = value.jsonrpc;
  if (version !== JSONRPC_VERSION) {
    return reject(
      version === undefined
        ? `missing "jsonrpc": "${JSONRPC_VERSION}"`
        : `"jsonrpc" must be "${JSONRPC_VERSION}", got ${preview(version)}`,
    );
  }

  if (hasMethod) {
    if (typeof value.method !== 'string') {
      return reject(`"method" must be a string, got ${kindOf(value.method)}`);
    }
    if (hasResult || hasError) {
      return reject(
        `a message cannot carry both "method" and "${hasResult ? 'result' : 'error'}": it is neither a request, a notification nor a response`,
      );
    }
    if (hasId && readableId === undefined) return reject(idProblem(id));
    const params = value.params;
    if (params !== undefined && !isObject(params)) {
      return reject(`"params" must be an object, got ${kindOf(params)}`);
    }
    return hasId
      ? { kind: 'request', message: value as unknown as JSONRPCRequest }
      : { kind: 'notification', message: value as unknown as JSONRPCNotification };
  }

  if (hasResult && hasError) {
    return reject('a response must carry exactly one of "result" and "error", not both');
  }
  if (!hasResult && !hasError) {
    return reject(
      'the message has no "method", "result" or "error": it is neither a request, a notification nor a response',
    );
  }
  if (hasResult) {
    if (!hasId) return reject('a result response must carry the "id" of the request it answers');
    if (readableId === undefined) return reject(idProblem(id));
    if (!isObject(value.result)) {
      return reject(`"result" must be an object, got ${kindOf(value.result)}`);
    }
    return { kind: 'result', message: value as unknown as JSONRPCResultResponse };
  }

  // An error response: the id may be absent or null when the request's id could not be read.
  if (hasId && id !== null && readableId === undefined) return reject(idProblem(id));
  const error = value.error;
  if (!isObject(error)) return reject(`"error" must be an object, got ${kindOf(error)}`);
  const code = (error as Partial<JSONRPCErrorObject>).code;
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    return reject(
      code === undefined
        ? '"error.code" is missing; expected an integer'
        : `"error.code" must be an integer, got ${preview(code)}`,
    );
  }
  const message = (error as Partial<JSONRPCErrorObject>).message;
  if (typeof message !== 'string') {
    return reject(
      message === undefined
        ? '"error.message" is missing; expected a string'
        : `"error.message" must be a string, got ${kindOf(message)}`,
    );
  }
  return { kind: 'error', message: value as unknown as InboundErrorResponse };
}

/**
 * Parses one JSON text and classifies it (see {@link classifyMessage}). Text that is
 * not JSON yields `kind: 'invalid'` with code -32700 and no id. Text that nests arrays and
 * objects more than `maxDepth` levels (default {@link DEFAULT_MAX_MESSAGE_DEPTH}) is refused
 * with -32600 before anything walks it.
 *
 * @example
 * parseMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind; // 'notification'
 * parseMessage('{"jsonrpc":').kind; // 'invalid' (error.code -32700)
 */
export function parseMessage(text: string, maxDepth: number = DEFAULT_MAX_MESSAGE_DEPTH): ClassifiedMessage {
  // JSON nesting n levels takes at least 2n characters (each level opens and closes): a shorter
  // text is within the bound or not JSON at all (the parser says so), and most messages are short.
  if (text.length > 2 * maxDepth && nestsDeeperThan(text, maxDepth)) return tooDeep(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return {
      kind: 'invalid',
      error: {
        code: ErrorCode.ParseError,
        message: `Parse error: the message is not valid JSON (${detail})`,
      },
      shape: 'unknown',
    };
  }
  // A fraction or an infinite number is refused as it is; only an integer may have lost digits.
  if (isObject(value) && Number.isInteger(value.id) && !Number.isSafeInteger(value.id)) {
    return classifyWideId(value, text);
  }
  return classifyMessage(value);
}

/**
 * A message nested deeper than allowed: -32600, with the id and shape when the text can be read
 * (only this refusal parses it, and only to say which request it answers).
 */
function tooDeep(text: string, maxDepth: number): InvalidMessage {
  const message = `the message nests arrays and objects more than ${maxDepth} levels deep, over the limit (maxMessageDepth); send flatter data, or raise the receiver's maxMessageDepth option`;
  // Read with the linear scanner, never JSON.parse: parsing a million levels is the cost refused here.
  const has = (name: string) => topLevelMemberText(text, name) !== undefined;
  const idText = topLevelIdText(text);
  const shape: MessageShape = has('method')
    ? idText === undefined
      ? 'notification'
      : 'request'
    : has('result') || has('error')
      ? 'response'
      : 'unknown';
  return invalid(message, shape, readIdText(idText));
}

/** An id as written (a string or a safe integer), or undefined when it is anything else. */
function readIdText(written: string | undefined): RequestId | undefined {
  if (written === undefined || written === '') return undefined;
  try {
    const id: unknown = JSON.parse(written);
    return typeof id === 'string' || Number.isSafeInteger(id) ? (id as RequestId) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A message whose id parsed to a number beyond the safe range: the id becomes the string of
 * its digits as written, and the classification says so, so the answer writes them back.
 */
function classifyWideId(value: Record<string, unknown>, text: string): ClassifiedMessage {
  const exact = exactIntegerId(text);
  if (exact === undefined) return classify(value, topLevelIdText(text) ?? String(value.id));
  value.id = exact;
  const classified = classifyMessage(value);
  if (classified.kind === 'notification' || classified.kind === 'batch') return classified;
  if (classified.kind === 'invalid' && classified.id === undefined) return classified;
  classified.wideId = true;
  return classified;
}
