/**
 * `mcpkit/stdio`: the stdio transport (Node only).
 *
 * @packageDocumentation
 */

export { type RunningStdioServer, serveStdio } from '../node/serve-stdio.js';
export {
  DEFAULT_INHERITED_ENV_VARS,
  defaultChildEnvironment,
  StdioClientTransport,
  type StdioClientTransportOptions,
} from '../transport/stdio/client.js';
export {
  DEFAULT_MAX_STDIO_MESSAGE_BYTES,
  LineDecoder,
  type LineEvent,
} from '../transport/stdio/line-decoder.js';
export { StdioServerTransport, type StdioServerTransportOptions } from '../transport/stdio/server.js';
export { StreamTransport, type StreamTransportOptions } from '../transport/stdio/stream-transport.js';
