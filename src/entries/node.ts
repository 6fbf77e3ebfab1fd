/**
 * `mcpkit/node`: Node-only HTTP pieces, the `node:http` adapter and a server starter.
 *
 * @packageDocumentation
 */

export { type ServeHttpOptions, serveHttp } from '../node/serve-http.js';
export { createNodeRequestListener, type NodeRequestListener } from '../transport/node/node-handler.js';
export { type RunningHttpServer, type ServeEndpointOptions, serveEndpoint } from '../transport/node/serve.js';
