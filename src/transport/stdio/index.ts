/**
 * `mcpkit/stdio`: the stdio transport (Node only).
 *
 * @packageDocumentation
 */

export { type RunningStdioServer, serveStdio } from '../../server/node/serve-stdio.js';
export {
  DEFAULT_INHERITED_ENV_VARS,
  defaultChildEnvironment,
  StdioClientTransport,
  type StdioClientTransportOptions,
} from './client.js';
export { DEFAULT_MAX_STDIO_MESSAGE_BYTES, LineDecoder, type LineEvent } from './line-decoder.js';
export { StdioServerTransport, type StdioServerTransportOptions } from './server.js';
export { StreamTransport, type StreamTransportOptions } from './stream-transport.js';
