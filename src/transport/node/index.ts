/**
 * `mcpkit/node`: Node-only HTTP pieces, the `node:http` adapter and a server starter.
 *
 * @packageDocumentation
 */

export { type ServeHttpOptions, serveHttp } from '../../server/node/serve-http.js';
export { createNodeRequestListener, type NodeRequestListener } from './node-handler.js';
export { type RunningHttpServer, type ServeEndpointOptions, serveEndpoint } from './serve.js';
