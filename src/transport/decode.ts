/**
 * Turns the text of one inbound message into a JSON-RPC message, or into the
 * error response the sender should get. Shared by every transport.
 */
import type { JSONRPCErrorResponse, JSONRPCMessage } from '../protocol/jsonrpc.js';

/** The outcome of decoding one message. */
export type DecodeResult = { message: JSONRPCMessage } | { reply: JSONRPCErrorResponse; detail: string };

/** Decodes one message's text. */
export function decodeMessage(text: string): DecodeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { reply: { jsonrpc: '2.0', error: { code: -32700, message: `Parse error: ${detail}` } }, detail };
  }
  return { message: value as JSONRPCMessage };
}
