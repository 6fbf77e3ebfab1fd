/**
 * Turns one outbound message into its JSON text. Shared by every transport, the
 * counterpart of `decode.ts`.
 */
import type { JSONRPCMessage } from '../protocol/jsonrpc.js';

/**
 * Serializes a message. With `wideId`, the message answers a request whose id was an
 * integer beyond 2^53 - 1 (decoded as the string of its digits, `DecodeResult.wideId`):
 * the id goes out as those digits, a JSON number, exactly as the peer sent it.
 *
 * @example
 * encodeMessage({ jsonrpc: '2.0', id: 1, result: {} }); // '{"jsonrpc":"2.0","id":1,"result":{}}'
 * encodeMessage({ jsonrpc: '2.0', id: '9007199254740993', result: {} }, true);
 * // '{"jsonrpc":"2.0","id":9007199254740993,"result":{}}'
 */
export function encodeMessage(message: JSONRPCMessage, wideId = false): string {
  if (!wideId || !('id' in message) || typeof message.id !== 'string') return JSON.stringify(message);
  const { jsonrpc: _version, id, ...rest } = message;
  // The decoder only marks ids written in plain digits, so the text is a valid JSON number.
  const members = JSON.stringify(rest);
  return `{"jsonrpc":"2.0","id":${id}${members === '{}' ? '}' : `,${members.slice(1)}`}`;
}
