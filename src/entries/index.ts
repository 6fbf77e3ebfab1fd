/**
 * `mcpkit`: the protocol model and the session engine. Transports and the
 * Node-only pieces live under their own subpaths (`mcpkit/http`,
 * `mcpkit/stdio`, `mcpkit/node`).
 *
 * @packageDocumentation
 */
export * from './protocol.js';
export * from './session.js';
