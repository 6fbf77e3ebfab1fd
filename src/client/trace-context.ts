/**
 * W3C trace context for outgoing requests (SEP-414): when the application uses
 * OpenTelemetry (`@opentelemetry/api`, an optional peer dependency), the
 * active context's `traceparent`, `tracestate` and `baggage` go into each
 * request's `_meta`, so a server can join the caller's trace.
 */
import { loadedOpenTelemetry, loadOpenTelemetry, type OtelApi } from '../session/telemetry.js';

/**
 * Loads `@opentelemetry/api` once, if installed. Never throws.
 *
 * @example
 * await loadTraceContext();
 * const meta = activeTraceMeta(); // { traceparent: '00-…' } inside an active span
 */
export function loadTraceContext(): Promise<OtelApi | undefined> {
  return loadOpenTelemetry();
}

const TRACE_KEYS = ['traceparent', 'tracestate', 'baggage'] as const;

/**
 * The trace context of the active OpenTelemetry context, as `_meta` entries;
 * empty without OpenTelemetry or outside a span.
 *
 * @example
 * const meta = { ...activeTraceMeta(), ...callerMeta };
 */
export function activeTraceMeta(): Record<string, string> {
  const api = loadedOpenTelemetry();
  if (!api) return {};
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.context.active(), carrier);
  const meta: Record<string, string> = {};
  for (const key of TRACE_KEYS) if (typeof carrier[key] === 'string') meta[key] = carrier[key];
  return meta;
}
