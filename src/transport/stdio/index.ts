/**
 * `mcpkit/stdio`: the stdio transport (Node only).
 *
 * @packageDocumentation
 */
export { LineDecoder, DEFAULT_MAX_STDIO_MESSAGE_BYTES, type LineEvent } from './line-decoder.js';
export { StreamTransport, type StreamTransportOptions } from './stream-transport.js';
export { StdioServerTransport, type StdioServerTransportOptions } from './server.js';
export {
  StdioClientTransport,
  type StdioClientTransportOptions,
  DEFAULT_INHERITED_ENV_VARS,
  defaultChildEnvironment,
} from './client.js';
