/**
 * Which revision to speak with a server: the modern wire first (one
 * `server/discover`, retried once with a version from a -32022 `supported`
 * list), the 2025 handshake when the server shows no sign of the modern era.
 * Never decided from one error code alone: only a recognised modern answer
 * keeps the client modern.
 */
import {
  ConnectionClosedError,
  ErrorCode,
  McpError,
  MessageTooLargeError,
  UnsupportedProtocolVersionError,
} from '../protocol/errors.js';
import { LEGACY_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS } from '../protocol/versions.js';

/** The outcome of the modern probe. */
export type ProbeVerdict =
  | { era: 'modern'; version: string }
  | { era: 'legacy' }
  | { era: 'retry'; version: string };

/** The newest modern revision both sides speak, from a server's list. */
export function pickModernVersion(
  supported: readonly unknown[],
  ours: readonly string[] = MODERN_PROTOCOL_VERSIONS,
): string | undefined {
  return ours.find((version) => supported.includes(version));
}

/** Whether a revision the server chose in `initialize` is one mcpkit speaks. */
export function acceptsLegacyVersion(version: unknown): version is string {
  return typeof version === 'string' && (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/**
 * Reads the answer to a `server/discover` probe.
 *
 * @example
 * classifyProbe(error); // { era: 'retry', version: '2026-07-28' } for a -32022 naming it
 */
export function classifyProbe(
  outcome: { result: Record<string, unknown> } | { error: unknown },
  tried: string,
): ProbeVerdict {
  if ('result' in outcome) {
    const supported = Array.isArray(outcome.result.supportedVersions)
      ? outcome.result.supportedVersions
      : [tried];
    const version = supported.includes(tried) ? tried : pickModernVersion(supported);
    if (version === undefined) throw noCommonVersion(supported);
    return version === tried ? { era: 'modern', version } : { era: 'retry', version };
  }
  const error = outcome.error;
  if (error instanceof UnsupportedProtocolVersionError) {
    const version = pickModernVersion(error.supported);
    if (version !== undefined) return { era: 'retry', version };
    // A server that lists only 2025 revisions: speak the handshake.
    if (error.supported.some((v) => acceptsLegacyVersion(v))) return { era: 'legacy' };
    throw noCommonVersion(error.supported);
  }
  // A connection that died is not an answer about the era: say so instead of trying initialize on it.
  if (error instanceof ConnectionClosedError) throw error;
  // Nor is an answer too large to read (the fix is a larger maxMessageBytes, not initialize).
  if (error instanceof MessageTooLargeError) throw error;
  if (
    error instanceof McpError &&
    (error.code === ErrorCode.HeaderMismatch || error.code === ErrorCode.MissingRequiredClientCapability)
  ) {
    // A modern server objecting to the request itself: not a legacy server.
    throw error;
  }
  return { era: 'legacy' };
}

function noCommonVersion(supported: readonly unknown[]): McpError {
  return new McpError(
    ErrorCode.UnsupportedProtocolVersion,
    `The server speaks ${supported.map(String).join(', ') || 'no revision it named'}; this client speaks ${[...MODERN_PROTOCOL_VERSIONS, ...LEGACY_PROTOCOL_VERSIONS].join(', ')}`,
  );
}
