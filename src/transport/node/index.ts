/**
 * `mcpkit/node`: Node-only HTTP pieces, the `node:http` adapter and a server starter.
 *
 * @packageDocumentation
 */
export { createNodeRequestListener, type NodeRequestListener } from './node-handler.js';
export { type RunningHttpServer, type ServeEndpointOptions, serveEndpoint } from './serve.js';
