/**
 * Error payloads defined by 2026-07-28, in the -32020..-32099 range MCP
 * reserves for itself (-32000..-32019 stays implementation-defined). On HTTP
 * each of these goes with status 400.
 */
import type { ErrorCode } from '../../errors.js';
import type { JSONRPCErrorObject } from '../../jsonrpc.js';
import type { ErrorResponseOf } from '../common.js';
import type { ClientCapabilities } from './capabilities.js';

/** -32020: an HTTP header is missing, malformed, or disagrees with the JSON body. */
export interface HeaderMismatchErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.HeaderMismatch;
}

/** The `data` of a -32021 error: the capabilities the request would have needed. */
export interface MissingRequiredClientCapabilityErrorData {
  /** Capabilities to declare in `_meta` before retrying. */
  requiredCapabilities: ClientCapabilities;
}

/** -32021: handling the request needs a client capability the request did not declare. */
export interface MissingRequiredClientCapabilityErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.MissingRequiredClientCapability;
  data: MissingRequiredClientCapabilityErrorData;
}

/** The `data` of a -32022 error. */
export interface UnsupportedProtocolVersionErrorData {
  /** Revisions the server speaks; pick one both sides know and retry. */
  supported: string[];
  /** The revision the request asked for. */
  requested: string;
}

/**
 * -32022: the server does not speak the revision named in
 * `_meta["io.modelcontextprotocol/protocolVersion"]`.
 *
 * @example
 * const error: UnsupportedProtocolVersionErrorObject = {
 *   code: -32022,
 *   message: 'Unsupported protocol version',
 *   data: { supported: ['2026-07-28'], requested: '2027-01-01' },
 * };
 */
export interface UnsupportedProtocolVersionErrorObject extends JSONRPCErrorObject {
  code: typeof ErrorCode.UnsupportedProtocolVersion;
  data: UnsupportedProtocolVersionErrorData;
}

/** An error response carrying a -32020 error. */
export type HeaderMismatchErrorResponse = ErrorResponseOf<HeaderMismatchErrorObject>;

/** An error response carrying a -32021 error. */
export type MissingRequiredClientCapabilityErrorResponse =
  ErrorResponseOf<MissingRequiredClientCapabilityErrorObject>;

/** An error response carrying a -32022 error. */
export type UnsupportedProtocolVersionErrorResponse = ErrorResponseOf<UnsupportedProtocolVersionErrorObject>;
