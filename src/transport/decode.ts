/**
 * Turns the text of one inbound message into a JSON-RPC message, or into the
 * error response the sender should get. Shared by every transport.
 */
import { JSONRPC_VERSION, type JSONRPCErrorResponse, type JSONRPCMessage } from '../protocol/jsonrpc.js';
import { parseMessage } from '../protocol/validation/jsonrpc.js';

/**
 * The outcome of decoding one message. When it is unusable, `reply` is the
 * error response to send, or undefined when none may be sent (JSON-RPC never
 * answers something that was itself a response). `wideId` marks an id that was an
 * integer beyond 2^53 - 1: it is the string of its digits here, and whatever answers
 * it must be written with `encodeMessage(answer, true)` so the digits go back as sent.
 */
export type DecodeResult =
  | { message: JSONRPCMessage; wideId?: true }
  | { reply: JSONRPCErrorResponse | undefined; detail: string; wideId?: true };

/**
 * Decodes one message's text. `maxDepth` bounds how deeply it may nest (default 128,
 * `DEFAULT_MAX_MESSAGE_DEPTH`); deeper text is refused with -32600 before it is walked.
 *
 * @example
 * decodeMessage('{"jsonrpc":"2.0","id":1,"method":"tools/list"}'); // { message: {...} }
 * decodeMessage('{oops'); // { reply: { jsonrpc: '2.0', error: { code: -32700, ... } }, detail: '...' }
 */
export function decodeMessage(text: string, maxDepth?: number): DecodeResult {
  const classified = parseMessage(text, maxDepth);
  switch (classified.kind) {
    case 'notification':
      return { message: classified.message };
    case 'request':
    case 'result':
      return classified.wideId
        ? { message: classified.message, wideId: true }
        : { message: classified.message };
    case 'error': {
      const message = classified.message;
      if (message.id !== null)
        return classified.wideId
          ? { message: message as JSONRPCErrorResponse, wideId: true }
          : { message: message as JSONRPCErrorResponse };
      // JSON-RPC peers say "no id" with null; MCP with an absent id.
      return { message: { jsonrpc: JSONRPC_VERSION, error: message.error } };
    }
    case 'batch':
      return {
        reply: { jsonrpc: JSONRPC_VERSION, error: classified.error },
        detail: classified.error.message,
      };
    case 'invalid': {
      const detail = classified.error.message;
      if (classified.shape === 'response')
        return { reply: undefined, detail: `Unusable response: ${detail}` };
      const reply: JSONRPCErrorResponse =
        classified.id === undefined
          ? { jsonrpc: JSONRPC_VERSION, error: classified.error }
          : { jsonrpc: JSONRPC_VERSION, id: classified.id, error: classified.error };
      return classified.wideId ? { reply, detail, wideId: true } : { reply, detail };
    }
  }
}
