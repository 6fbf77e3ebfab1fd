/**
 * Client spans and metrics (OpenTelemetry semantic conventions for MCP): one
 * CLIENT span per call, active while the call runs, so the trace context the
 * client puts in every request's `_meta` (SEP-414) names it and the server's
 * span becomes its child. A Multi Round-Trip call is one span over all its
 * rounds (each round's server span is its child); its duration goes to
 * `mcp.client.operation.duration`.
 */
import {
  describeOperation,
  loadOpenTelemetry,
  measuredAttributes,
  recordOutcome,
  SPAN_KIND_CLIENT,
  type TelemetryAttributes,
  type TelemetryInstruments,
  type TelemetryOptions,
  telemetryInstruments,
} from '../session/telemetry.js';

/** What a call knows about where it goes, for the span's network attributes. */
export interface ClientCallFacts {
  readonly protocolVersion: string;
  readonly sessionId: string | undefined;
}

/**
 * The telemetry of one client, made once at connect when `telemetry` is set.
 *
 * @example
 * const telemetry = await ClientTelemetry.create({}, new URL('https://example.com/mcp'), console.warn);
 * const result = await telemetry?.call('tools/list', {}, facts, () => send());
 */
export class ClientTelemetry {
  private constructor(
    private readonly instruments: TelemetryInstruments,
    private readonly network: TelemetryAttributes,
  ) {}

  /**
   * Loads `@opentelemetry/api` and resolves the instruments; undefined (after a
   * warning) when the package is missing.
   */
  static async create(
    options: TelemetryOptions,
    target: URL | 'stdio' | undefined,
    warn: (message: string) => void,
  ): Promise<ClientTelemetry | undefined> {
    const api = await loadOpenTelemetry();
    if (!api) {
      warn('telemetry is set but @opentelemetry/api is not installed: no spans or metrics are recorded');
      return undefined;
    }
    const network: TelemetryAttributes = {};
    if (target === 'stdio') network['network.transport'] = 'pipe';
    else if (target) {
      network['network.transport'] = 'tcp';
      network['network.protocol.name'] = 'http';
      network['server.address'] = target.hostname;
      network['server.port'] = target.port ? Number(target.port) : target.protocol === 'https:' ? 443 : 80;
    }
    const instruments = telemetryInstruments(api, options, 'mcp.client.operation.duration', 'client');
    return new ClientTelemetry(instruments, network);
  }

  /**
   * Runs one call under its CLIENT span. `send` gets a callback to tell the
   * JSON-RPC id of the request it sent (the last one, over rounds and retries).
   */
  async call<T extends Record<string, unknown>>(
    method: string,
    params: Record<string, unknown>,
    facts: ClientCallFacts,
    send: (onRequestId: (id: string | number) => void) => Promise<T>,
  ): Promise<T> {
    const { api, tracer, duration } = this.instruments;
    const { name, attributes } = describeOperation(
      method,
      params,
      undefined,
      this.instruments.resourceUriInSpanName,
    );
    attributes['mcp.protocol.version'] = facts.protocolVersion;
    if (facts.sessionId !== undefined) attributes['mcp.session.id'] = facts.sessionId;
    Object.assign(attributes, this.network);
    const parent = api.context.active();
    const span = tracer.startSpan(name, { kind: SPAN_KIND_CLIENT, attributes }, parent);
    const started = performance.now();
    let failure: unknown;
    let result: T | undefined;
    try {
      result = await api.context.with(api.trace.setSpan(parent, span), () =>
        send((id) => span.setAttribute('jsonrpc.request.id', String(id))),
      );
      return result;
    } catch (error) {
      failure = error ?? new Error('undefined was thrown');
      throw error;
    } finally {
      const measured = measuredAttributes(attributes);
      recordOutcome(span, measured, failure, result);
      span.end();
      duration.record((performance.now() - started) / 1000, measured);
    }
  }
}
