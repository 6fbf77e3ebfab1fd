/**
 * Server spans and metrics (OpenTelemetry semantic conventions for MCP): one
 * SERVER span per inbound request or notification, continuing the caller's
 * trace from `_meta` (`traceparent`, `tracestate`, `baggage`), and the
 * `mcp.server.operation.duration` histogram. Installed by McpServer as the
 * outermost middleware only when `telemetry` is set; otherwise nothing runs.
 */
import { ErrorCode } from '../protocol/errors.js';
import { isObject } from '../protocol/validation/validator.js';
import type { InboundMessageContext, Middleware } from '../session/middleware.js';
import {
  describeOperation,
  loadOpenTelemetry,
  META_GETTER,
  measuredAttributes,
  type OtelApi,
  recordOutcome,
  SPAN_KIND_SERVER,
  type TelemetryInstruments,
  type TelemetryOptions,
  type TelemetrySpanContext,
  telemetryInstruments,
} from '../session/telemetry.js';
import { bindingOf } from './binding.js';

/**
 * The telemetry middleware of a server. `@opentelemetry/api` is loaded once,
 * when the middleware is made; until it has loaded, the first messages wait for it.
 * Without the package it warns once and lets every message through untouched.
 *
 * @example
 * const dispatcher = new Dispatcher({ middleware: [serverTelemetry({}, console.warn)] });
 */
export function serverTelemetry(options: TelemetryOptions, warn: (message: string) => void): Middleware {
  let instruments: TelemetryInstruments | undefined;
  const ready = loadOpenTelemetry().then((api) => {
    if (!api) {
      warn('telemetry is set but @opentelemetry/api is not installed: no spans or metrics are recorded');
      return undefined;
    }
    instruments = telemetryInstruments(api, options, 'mcp.server.operation.duration', 'server');
    return instruments;
  });
  return (next) => async (ctx, message) => {
    const found = instruments ?? (await ready);
    if (!found) return next(ctx, message);
    const { api, tracer, duration } = found;
    const params = message.params;
    const { name, attributes } = describeOperation(
      message.method,
      params,
      'id' in message ? message.id : undefined,
      found.resourceUriInSpanName,
    );
    const binding = bindingOf(ctx as InboundMessageContext);
    if (binding.revision !== undefined) attributes['mcp.protocol.version'] = binding.revision;
    const sessionId = binding.session?.id;
    if (sessionId !== undefined) attributes['mcp.session.id'] = sessionId;
    if (binding.http) {
      attributes['network.transport'] = 'tcp';
      attributes['network.protocol.name'] = 'http';
    }
    // The caller's trace context from `_meta` parents the span; without one, the ambient context
    // does. When both exist (an HTTP instrumentation's span, say), the ambient one is linked.
    const meta = params?._meta;
    const active = api.context.active();
    const parent = isObject(meta) ? api.propagation.extract(active, meta, META_GETTER) : active;
    const span = tracer.startSpan(
      name,
      {
        kind: SPAN_KIND_SERVER,
        attributes,
        links: parent === active ? undefined : ambientLink(api, active, parent),
      },
      parent,
    );
    const started = performance.now();
    let failure: unknown;
    let result: Record<string, unknown> | undefined;
    try {
      result = await api.context.with(api.trace.setSpan(parent, span), () => next(ctx, message));
      return result;
    } catch (error) {
      failure = error ?? new Error('undefined was thrown');
      throw error;
    } finally {
      const measured = measuredAttributes(attributes);
      recordOutcome(span, measured, failure, result, ErrorCode.InternalError);
      span.end();
      duration.record((performance.now() - started) / 1000, measured);
    }
  };
}

/** A link to the ambient span when the caller's context (from `_meta`) replaced it as the parent. */
function ambientLink(
  api: OtelApi,
  active: unknown,
  parent: unknown,
): { context: TelemetrySpanContext }[] | undefined {
  const ambient = api.trace.getSpanContext(active);
  if (!ambient) return undefined;
  const remote = api.trace.getSpanContext(parent);
  return remote && remote.spanId !== ambient.spanId ? [{ context: ambient }] : undefined;
}
