/**
 * `mcpkit/protocol`: the protocol model. Types of both eras, JSON-RPC shapes,
 * error codes and classes, `_meta` keys, revisions, codecs and inbound validation.
 *
 * @packageDocumentation
 */

export * from '../protocol/codec/index.js';
export * from '../protocol/errors.js';
export * from '../protocol/jsonrpc.js';
export * from '../protocol/meta.js';
export type * from '../protocol/types/index.js';
export * from '../protocol/validation/index.js';
export * from '../protocol/versions.js';
