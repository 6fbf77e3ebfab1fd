/**
 * `mcpkit/protocol`: the protocol model. Types of both eras, JSON-RPC shapes,
 * error codes and classes, `_meta` keys, revisions, codecs and inbound validation.
 *
 * @packageDocumentation
 */

export * from './codec/index.js';
export * from './errors.js';
export * from './jsonrpc.js';
export * from './meta.js';
export type * from './types/index.js';
export * from './validation/index.js';
export * from './versions.js';
