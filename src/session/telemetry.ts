/**
 * OpenTelemetry for both sides, on the optional peer dependency
 * `@opentelemetry/api`: loaded with a dynamic `import()` only when an
 * application turns telemetry on (or, on a client, to read the active trace
 * context), never imported statically, so an entry works without the package.
 *
 * Spans and metrics are named after OpenTelemetry's semantic conventions for
 * MCP (docs/observability.md lists what is recorded). The shapes below are
 * the few members of the API mcpkit uses, so the package's own types are
 * never needed to compile against mcpkit; a real `Tracer` or `Meter` fits them.
 */
import { McpError } from '../protocol/errors.js';

/**
 * An attribute value as OpenTelemetry takes it (the kinds mcpkit records).
 *
 * @example
 * const port: TelemetryAttributeValue = 443;
 */
export type TelemetryAttributeValue = string | number | boolean;

/**
 * Attributes of a span or a measurement.
 *
 * @example
 * const attributes: TelemetryAttributes = { 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'add' };
 */
export type TelemetryAttributes = Record<string, TelemetryAttributeValue>;

/**
 * The members of an OpenTelemetry `Span` mcpkit uses; an SDK's spans have them.
 *
 * @example
 * const span: TelemetrySpan = trace.getTracer('app').startSpan('work');
 * span.setAttribute('mcp.method.name', 'tools/call');
 * span.end();
 */
export interface TelemetrySpan {
  setAttribute(key: string, value: TelemetryAttributeValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): unknown;
  end(): void;
}

/**
 * The identity of a span (OpenTelemetry's `SpanContext`).
 *
 * @example
 * const parent: TelemetrySpanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
 */
export interface TelemetrySpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

/**
 * The members of an OpenTelemetry `Tracer` mcpkit uses; pass `trace.getTracer(...)`.
 *
 * @example
 * const tracer: TelemetryTracer = trace.getTracer('weather', '1.0.0');
 * const server = new McpServer(info, { telemetry: { tracer } });
 */
export interface TelemetryTracer {
  startSpan(
    name: string,
    options?: {
      kind?: number;
      attributes?: TelemetryAttributes;
      links?: { context: TelemetrySpanContext }[];
    },
    context?: unknown,
  ): TelemetrySpan;
}

/**
 * The members of an OpenTelemetry `Histogram` mcpkit uses.
 *
 * @example
 * const histogram: TelemetryHistogram = metrics.getMeter('app').createHistogram('work.duration', { unit: 's' });
 * histogram.record(0.042, { 'mcp.method.name': 'tools/call' });
 */
export interface TelemetryHistogram {
  record(value: number, attributes?: TelemetryAttributes): void;
}

/**
 * The members of an OpenTelemetry `Meter` mcpkit uses; pass `metrics.getMeter(...)`.
 *
 * @example
 * const meter: TelemetryMeter = metrics.getMeter('weather');
 * const server = new McpServer(info, { telemetry: { meter } });
 */
export interface TelemetryMeter {
  createHistogram(
    name: string,
    options?: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } },
  ): TelemetryHistogram;
}

/**
 * Turns on OpenTelemetry spans and metrics (`McpServerOptions.telemetry`,
 * `ClientOptions.telemetry`). Needs `@opentelemetry/api` installed and, to
 * see anything, an SDK registered (its tracer and meter providers, a context
 * manager and a propagator, as `NodeSDK` sets up). Without this option
 * mcpkit records nothing and costs nothing.
 *
 * @example
 * import { metrics, trace } from '@opentelemetry/api';
 * const server = new McpServer(info, {
 *   telemetry: { tracer: trace.getTracer('weather'), meter: metrics.getMeter('weather') },
 * });
 * const client = await Client.connect(url, { telemetry: {} }); // the global providers
 */
export interface TelemetryOptions {
  /** The tracer of MCP spans. Default: the global provider's tracer named `mcpkit`. */
  tracer?: TelemetryTracer;
  /** The meter of the operation-duration histogram. Default: the global provider's meter named `mcpkit`. */
  meter?: TelemetryMeter;
  /**
   * Whether a resource's URI names its span (`resources/read file:///a.txt`). Default false:
   * URIs are many, so the conventions keep them out of span names (the span still carries
   * `mcp.resource.uri`).
   */
  resourceUriInSpanName?: boolean;
}

/** The members of the `@opentelemetry/api` module mcpkit uses. */
export interface OtelApi {
  context: {
    active(): unknown;
    with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
      context: unknown,
      fn: F,
      thisArg?: unknown,
      ...args: A
    ): ReturnType<F>;
  };
  propagation: {
    inject(
      context: unknown,
      carrier: Record<string, string>,
      setter?: { set(carrier: Record<string, string>, key: string, value: string): void },
    ): void;
    extract(context: unknown, carrier: Record<string, unknown>, getter?: MetaGetter): unknown;
  };
  trace: {
    getTracer(name: string, version?: string): TelemetryTracer;
    setSpan(context: unknown, span: TelemetrySpan): unknown;
    getSpanContext(context: unknown): TelemetrySpanContext | undefined;
  };
  metrics: { getMeter(name: string, version?: string): TelemetryMeter };
  ROOT_CONTEXT: unknown;
}

/** Reads propagation fields from a request's `_meta`. */
interface MetaGetter {
  keys(carrier: Record<string, unknown>): string[];
  get(carrier: Record<string, unknown>, key: string): string | undefined;
}

/** Reads `traceparent`, `tracestate` and `baggage` from `_meta`: string values only. */
export const META_GETTER: MetaGetter = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

/** The optional peer dependency, by name. */
const OTEL_API_PACKAGE: string = ['@opentelemetry', 'api'].join('/');

let loading: Promise<OtelApi | undefined> | undefined;
let loaded: OtelApi | undefined;

/**
 * Loads `@opentelemetry/api` once, if installed. Never throws: resolves with
 * undefined when the package is missing.
 *
 * @example
 * const api = await loadOpenTelemetry();
 * if (api) api.trace.getTracer('mine').startSpan('work').end();
 */
export function loadOpenTelemetry(): Promise<OtelApi | undefined> {
  // A computed specifier: bundlers (esbuild under wrangler, say) leave it alone instead of
  // failing a build where the optional package is not installed.
  loading ??= import(/* @vite-ignore */ OTEL_API_PACKAGE).then(
    (module: { default?: OtelApi } & Partial<OtelApi>) => {
      loaded = (module.propagation ? module : module.default) as OtelApi | undefined;
      return loaded;
    },
    () => undefined,
  );
  return loading;
}

/**
 * The API once {@link loadOpenTelemetry} has loaded it; undefined before (or without the package).
 *
 * @example
 * const api = loadedOpenTelemetry();
 */
export function loadedOpenTelemetry(): OtelApi | undefined {
  return loaded;
}

/** `SpanKind.SERVER` and `SpanKind.CLIENT` of the API (stable numbers). */
export const SPAN_KIND_SERVER = 1;
export const SPAN_KIND_CLIENT = 2;
/** `SpanStatusCode.ERROR` of the API. */
export const SPAN_STATUS_ERROR = 2;

/** The histogram buckets the conventions advise for operation durations, in seconds. */
export const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** The tracer and histogram of one side, resolved once. */
export interface TelemetryInstruments {
  readonly api: OtelApi;
  readonly tracer: TelemetryTracer;
  readonly duration: TelemetryHistogram;
  readonly resourceUriInSpanName: boolean;
}

/**
 * The instruments of one side: the options' tracer and meter, else the global providers'.
 *
 * @example
 * const instruments = telemetryInstruments(api, options, 'mcp.server.operation.duration', 'server');
 */
export function telemetryInstruments(
  api: OtelApi,
  options: TelemetryOptions,
  metric: 'mcp.server.operation.duration' | 'mcp.client.operation.duration',
  observer: string,
): TelemetryInstruments {
  const tracer = options.tracer ?? api.trace.getTracer('mcpkit');
  const meter = options.meter ?? api.metrics.getMeter('mcpkit');
  const duration = meter.createHistogram(metric, {
    description: `Duration of MCP requests and notifications as the ${observer} observes them`,
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  return { api, tracer, duration, resourceUriInSpanName: options.resourceUriInSpanName ?? false };
}

/**
 * The attributes the conventions derive from a message alone (method, tool or
 * prompt name, resource URI, request id), and the span name they give.
 *
 * @example
 * const { name, attributes } = describeOperation('tools/call', { name: 'add' }, 7, false);
 * // name: 'tools/call add'; attributes['gen_ai.tool.name']: 'add'
 */
export function describeOperation(
  method: string,
  params: Record<string, unknown> | undefined,
  requestId: string | number | undefined,
  resourceUriInSpanName: boolean,
): { name: string; attributes: TelemetryAttributes } {
  const attributes: TelemetryAttributes = { 'mcp.method.name': method };
  let target: string | undefined;
  if (requestId !== undefined) attributes['jsonrpc.request.id'] = String(requestId);
  const named = params?.name;
  if (method === 'tools/call' && typeof named === 'string') {
    attributes['gen_ai.tool.name'] = named;
    attributes['gen_ai.operation.name'] = 'execute_tool';
    target = named;
  } else if (method === 'prompts/get' && typeof named === 'string') {
    attributes['gen_ai.prompt.name'] = named;
    target = named;
  } else {
    const uri = params?.uri;
    if (typeof uri === 'string') {
      attributes['mcp.resource.uri'] = uri;
      if (resourceUriInSpanName) target = uri;
    }
  }
  return { name: target === undefined ? method : `${method} ${target}`, attributes };
}

/**
 * Records how an operation ended on its span and measurement attributes: a
 * JSON-RPC error's code as `error.type` and `rpc.response.status_code`, a tool
 * error result as `error.type` `tool_error`; the span's status is then ERROR.
 * `otherCode` is the code any other exception is answered with (the server's
 * -32603); without it such an exception's `error.type` is its name.
 *
 * @example
 * recordOutcome(span, attributes, undefined, { isError: true, content: [] });
 */
export function recordOutcome(
  span: TelemetrySpan,
  attributes: TelemetryAttributes,
  error: unknown,
  result: Record<string, unknown> | undefined,
  otherCode?: number,
): void {
  if (error !== undefined) {
    const code =
      error instanceof McpError
        ? String(error.code)
        : otherCode === undefined
          ? undefined
          : String(otherCode);
    const type = code ?? (error instanceof Error ? error.name : '_OTHER');
    attributes['error.type'] = type;
    span.setAttribute('error.type', type);
    if (code !== undefined) {
      attributes['rpc.response.status_code'] = code;
      span.setAttribute('rpc.response.status_code', code);
    }
    if (error instanceof Error) span.recordException(error);
    span.setStatus({
      code: SPAN_STATUS_ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  if (result?.isError === true && attributes['mcp.method.name'] === 'tools/call') {
    attributes['error.type'] = 'tool_error';
    span.setAttribute('error.type', 'tool_error');
    span.setStatus({ code: SPAN_STATUS_ERROR });
  }
}

/** Attributes kept off measurements: one value per request, session or resource would multiply the series. */
const NOT_MEASURED = new Set(['jsonrpc.request.id', 'mcp.session.id', 'mcp.resource.uri']);

/**
 * The attributes of a span that also go on its measurement (all but the
 * per-request, per-session and per-resource ones). Built by copying, never with
 * `delete`, which would slow every later access to the object.
 *
 * @example
 * duration.record(seconds, measuredAttributes(attributes));
 */
export function measuredAttributes(attributes: TelemetryAttributes): TelemetryAttributes {
  const measured: TelemetryAttributes = {};
  for (const key in attributes)
    if (!NOT_MEASURED.has(key)) measured[key] = attributes[key] as TelemetryAttributeValue;
  return measured;
}
