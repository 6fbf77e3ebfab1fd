/**
 * W3C trace context for outgoing requests (SEP-414): when the application uses
 * OpenTelemetry (`@opentelemetry/api`, an optional peer dependency), the
 * active context's `traceparent`, `tracestate` and `baggage` go into each
 * request's `_meta`, so a server can join the caller's trace.
 */
import { loadedOpenTelemetry, loadOpenTelemetry, type OtelApi } from '../session/telemetry.js';

/** Where `@opentelemetry/api` (major version 1) keeps what an application registered with it. */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/**
 * Whether the application has set OpenTelemetry up (registered a propagator, context manager or
 * tracer provider with `@opentelemetry/api`). Without that there is no trace to carry, so the
 * package (some forty modules) is not imported just because it is installed.
 *
 * @example
 * if (traceContextInUse()) await loadTraceContext();
 */
export function traceContextInUse(): boolean {
  return (globalThis as Record<symbol, unknown>)[OTEL_GLOBAL] !== undefined;
}

/**
 * Loads `@opentelemetry/api` once, when the application uses it (see {@link traceContextInUse}).
 * Never throws.
 *
 * @example
 * await loadTraceContext();
 * const meta = activeTraceMeta(); // { traceparent: '00-…' } inside an active span
 */
export function loadTraceContext(): Promise<OtelApi | undefined> {
  return traceContextInUse() ? loadOpenTelemetry() : Promise.resolve(loadedOpenTelemetry());
}

const NO_TRACE: Record<string, string> = Object.freeze({}) as Record<string, string>;

const TRACE_KEYS = ['traceparent', 'tracestate', 'baggage'] as const;

/**
 * The trace context of the active OpenTelemetry context, as `_meta` entries;
 * empty (a shared, frozen object) without OpenTelemetry or outside a span.
 *
 * @example
 * const meta = { ...activeTraceMeta(), ...callerMeta };
 */
export function activeTraceMeta(): Record<string, string> {
  const api = loadedOpenTelemetry();
  if (!api) {
    // Set up after this client connected: carried from the calls after it has loaded.
    if (traceContextInUse()) void loadOpenTelemetry();
    return NO_TRACE;
  }
  const carrier: Record<string, string> = {};
  api.propagation.inject(api.context.active(), carrier);
  const meta: Record<string, string> = {};
  for (const key of TRACE_KEYS) if (typeof carrier[key] === 'string') meta[key] = carrier[key];
  return meta;
}
