/**
 * The JSON-RPC 2.0 envelope every MCP message travels in, on every revision.
 *
 * These are the wire shapes only; what goes inside `params` and `result` is
 * described by the revision types under `./types/`.
 */

/** A JSON value as it appears on the wire. */
export type JSONValue = string | number | boolean | null | JSONObject | JSONValue[];
/** A JSON object. */
export type JSONObject = { [key: string]: JSONValue };

/** The only `jsonrpc` member value MCP accepts. */
export const JSONRPC_VERSION = '2.0';

/** A JSON-RPC request id: a string or a number, never `null`. */
export type RequestId = string | number;

/** A request that expects a response. */
export interface JSONRPCRequest {
  jsonrpc: typeof JSONRPC_VERSION;
  id: RequestId;
  method: string;
  params?: Record<string, unknown>;
}

/** A one-way message: the receiver never answers it. */
export interface JSONRPCNotification {
  jsonrpc: typeof JSONRPC_VERSION;
  method: string;
  params?: Record<string, unknown>;
}

/** A successful response. */
export interface JSONRPCResultResponse {
  jsonrpc: typeof JSONRPC_VERSION;
  id: RequestId;
  result: Record<string, unknown>;
}

/** The error object carried by an error response. */
export interface JSONRPCErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** An error response. `id` is absent only when the request's id could not be read. */
export interface JSONRPCErrorResponse {
  jsonrpc: typeof JSONRPC_VERSION;
  id?: RequestId;
  error: JSONRPCErrorObject;
}

/** Either kind of response. */
export type JSONRPCResponse = JSONRPCResultResponse | JSONRPCErrorResponse;

/** Any single JSON-RPC message MCP exchanges (MCP sends no batches). */
export type JSONRPCMessage = JSONRPCRequest | JSONRPCNotification | JSONRPCResponse;

/** True when the message is a request (has a method and an id). */
export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}

/** True when the message is a notification (has a method, no id). */
export function isNotification(message: JSONRPCMessage): message is JSONRPCNotification {
  return 'method' in message && !('id' in message);
}

/** True when the message is a response of either kind. */
export function isResponse(message: JSONRPCMessage): message is JSONRPCResponse {
  return !('method' in message);
}

/** True when the message is an error response. */
export function isErrorResponse(message: JSONRPCMessage): message is JSONRPCErrorResponse {
  return 'error' in message && !('method' in message);
}
