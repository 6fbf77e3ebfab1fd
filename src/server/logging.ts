/**
 * Log levels (RFC 5424 severities, lowest first) and the per-request rule of
 * 2026-07-28: a request gets `notifications/message` only when it asked with
 * `io.modelcontextprotocol/logLevel`, and only at or above that level.
 */

import { LOGGING_LEVELS } from '../protocol/validation/common.js';

export { LOGGING_LEVELS };

/** A log level. */
export type LogLevel = (typeof LOGGING_LEVELS)[number];

const RANK: Readonly<Record<string, number>> = Object.fromEntries(
  LOGGING_LEVELS.map((level, i) => [level, i]),
);

/** True when `level` is one of the eight levels. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in RANK;
}

/**
 * True when a message at `level` should go to a peer that asked for `threshold`
 * (undefined: it did not ask, so nothing goes).
 *
 * @example
 * shouldLog('warning', 'info'); // true
 * shouldLog('debug', undefined); // false
 */
export function shouldLog(level: LogLevel, threshold: LogLevel | undefined): boolean {
  return threshold !== undefined && RANK[level]! >= RANK[threshold]!;
}
