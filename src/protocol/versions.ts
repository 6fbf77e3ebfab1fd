/**
 * Protocol revisions and the two eras they fall into.
 *
 * Modern (2026-07-28 on): every request carries its version and capabilities in
 * `_meta`; there is no handshake. Legacy (2025-11-25 and before): an
 * `initialize` handshake fixes the version for a session.
 */

/** The newest revision mcpkit speaks, and the one it prefers. */
export const LATEST_PROTOCOL_VERSION = '2026-07-28';

/** Modern revisions mcpkit speaks, newest first. Reported by `server/discover`. */
export const MODERN_PROTOCOL_VERSIONS = ['2026-07-28'] as const;

/**
 * Legacy revisions mcpkit speaks, newest first. Offered during `initialize`;
 * `initialize` never counter-offers a modern revision.
 */
export const LEGACY_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

/** Every revision mcpkit speaks, newest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = [
  ...MODERN_PROTOCOL_VERSIONS,
  ...LEGACY_PROTOCOL_VERSIONS,
] as const;

/** A revision mcpkit speaks. */
export type ProtocolVersion = (typeof SUPPORTED_PROTOCOL_VERSIONS)[number];
/** A modern revision. */
export type ModernProtocolVersion = (typeof MODERN_PROTOCOL_VERSIONS)[number];
/** A legacy revision. */
export type LegacyProtocolVersion = (typeof LEGACY_PROTOCOL_VERSIONS)[number];

/** The two eras of the protocol. */
export type ProtocolEra = 'modern' | 'legacy';

/** The first revision of the modern era. Revisions are ISO dates, so they compare as strings. */
export const FIRST_MODERN_PROTOCOL_VERSION = '2026-07-28';

/**
 * The era a revision string belongs to, judged by date so that a future
 * revision is classified correctly even before mcpkit supports it.
 *
 * @example
 * eraOf('2025-06-18'); // 'legacy'
 */
export function eraOf(version: string): ProtocolEra {
  return version >= FIRST_MODERN_PROTOCOL_VERSION ? 'modern' : 'legacy';
}

/** True when mcpkit speaks this revision. */
export function isSupportedProtocolVersion(version: unknown): version is ProtocolVersion {
  return typeof version === 'string' && (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** True when this is a modern revision mcpkit speaks. */
export function isModernProtocolVersion(version: unknown): version is ModernProtocolVersion {
  return typeof version === 'string' && (MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

/** True when this is a legacy revision mcpkit speaks. */
export function isLegacyProtocolVersion(version: unknown): version is LegacyProtocolVersion {
  return typeof version === 'string' && (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}
