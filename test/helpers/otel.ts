/**
 * A small in-memory OpenTelemetry setup for tests, on `@opentelemetry/api`
 * alone: a tracer provider that records finished spans, a W3C `traceparent`
 * propagator, an AsyncLocalStorage context manager, and a meter that records
 * histogram measurements. (The SDK's `InMemorySpanExporter` would need
 * `@opentelemetry/sdk-trace-base`, whose peer range excludes the API version
 * this repository uses.)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import {
  type Attributes,
  type AttributeValue,
  type Context,
  type ContextManager,
  context,
  isSpanContextValid,
  metrics,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanOptions,
  type SpanStatus,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

/** A span as it was ended. */
export interface FinishedSpan {
  name: string;
  kind: SpanKind | undefined;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  /** Whether the parent came from another process (extracted from a carrier). */
  parentIsRemote: boolean;
  attributes: Attributes;
  status: SpanStatus;
  exceptions: Error[];
  /** The span ids of the spans it links to. */
  links: string[];
  tracer: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

class RecordingSpan implements Span {
  private readonly context: SpanContext;
  readonly attributes: Attributes;
  status: SpanStatus = { code: 0 };
  readonly exceptions: Error[] = [];
  private ended = false;

  constructor(
    private name: string,
    options: SpanOptions,
    private readonly parent: SpanContext | undefined,
    private readonly tracerName: string,
    private readonly finished: FinishedSpan[],
  ) {
    this.context = { traceId: parent?.traceId ?? hex(16), spanId: hex(8), traceFlags: 1 };
    this.attributes = { ...options.attributes };
    this.kind = options.kind;
    this.links = (options.links ?? []).map((link) => link.context.spanId);
  }

  private readonly kind: SpanKind | undefined;
  private readonly links: string[];

  spanContext(): SpanContext {
    return this.context;
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    Object.assign(this.attributes, attributes);
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.status = status;
    return this;
  }
  updateName(name: string): this {
    this.name = name;
    return this;
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.finished.push({
      name: this.name,
      kind: this.kind,
      traceId: this.context.traceId,
      spanId: this.context.spanId,
      parentSpanId: this.parent?.spanId,
      parentIsRemote: this.parent?.isRemote === true,
      attributes: this.attributes,
      status: this.status,
      exceptions: this.exceptions,
      links: this.links,
      tracer: this.tracerName,
    });
  }
  isRecording(): boolean {
    return !this.ended;
  }
  recordException(exception: unknown): void {
    if (exception instanceof Error) this.exceptions.push(exception);
  }
}

class RecordingTracer implements Tracer {
  constructor(
    private readonly name: string,
    private readonly finished: FinishedSpan[],
  ) {}

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    const parent = options.root ? undefined : trace.getSpanContext(ctx);
    return new RecordingSpan(
      name,
      options,
      parent && isSpanContextValid(parent) ? parent : undefined,
      this.name,
      this.finished,
    );
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = (typeof rest[0] === 'object' ? rest[0] : {}) as SpanOptions;
    const span = this.startSpan(name, options);
    return context.with(trace.setSpan(context.active(), span), () => fn(span)) as ReturnType<F>;
  }
}

/** The W3C `traceparent` header, written and read (enough for tests; no `tracestate` logic). */
const traceparentPropagator: TextMapPropagator = {
  inject(ctx, carrier, setter) {
    const span = trace.getSpanContext(ctx);
    if (!span || !isSpanContextValid(span)) return;
    const flags = span.traceFlags.toString(16).padStart(2, '0');
    setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-${flags}`);
  },
  extract(ctx, carrier, getter) {
    const header = getter.get(carrier, 'traceparent');
    const value = Array.isArray(header) ? header[0] : header;
    const match = value?.match(/^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/);
    if (!match) return ctx;
    return trace.setSpanContext(ctx, {
      traceId: match[1] as string,
      spanId: match[2] as string,
      traceFlags: Number.parseInt(match[3] as string, 16),
      isRemote: true,
    });
  },
  fields: () => ['traceparent'],
};

function asyncContextManager(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  return {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  };
}

/** One histogram measurement. */
export interface Measurement {
  name: string;
  unit: string | undefined;
  buckets: number[] | undefined;
  value: number;
  attributes: Record<string, unknown>;
}

/** A meter whose histograms keep every value recorded. */
export function recordingMeter(measurements: Measurement[]) {
  return {
    createHistogram(
      name: string,
      options: { unit?: string; advice?: { explicitBucketBoundaries?: number[] } } = {},
    ) {
      return {
        record(value: number, attributes: Record<string, unknown> = {}) {
          measurements.push({
            name,
            unit: options.unit,
            buckets: options.advice?.explicitBucketBoundaries,
            value,
            attributes,
          });
        },
      };
    },
  };
}

/** What {@link installOtel} set up; `uninstall` restores the no-op globals. */
export interface InstalledOtel {
  spans: FinishedSpan[];
  tracer(name: string): Tracer;
  uninstall(): void;
}

/**
 * Registers the recording tracer provider, the propagator and the context
 * manager as the process's globals (as an SDK's `start()` would).
 */
export function installOtel(): InstalledOtel {
  const spans: FinishedSpan[] = [];
  const provider: TracerProvider = { getTracer: (name) => new RecordingTracer(name, spans) };
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(traceparentPropagator);
  context.setGlobalContextManager(asyncContextManager());
  return {
    spans,
    tracer: (name) => trace.getTracer(name),
    uninstall() {
      trace.disable();
      propagation.disable();
      context.disable();
      metrics.disable();
    },
  };
}
