/**
 * The context every tool, resource, prompt and completion handler receives:
 * who is asking and how, and the calls a handler makes back (log, progress,
 * elicit, sample, list roots). The same object shape on every era; what the
 * calls do on the wire is decided by the broker behind them.
 */
import type { AuthPrincipal } from '../auth/server/principal.js';
import { codecFor } from '../protocol/codec/index.js';
import { MissingRequiredClientCapabilityError, UrlElicitationRequiredError } from '../protocol/errors.js';

import type { RequestId } from '../protocol/jsonrpc.js';
import {
  META_BAGGAGE,
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_LOG_LEVEL,
  META_TRACEPARENT,
  META_TRACESTATE,
} from '../protocol/meta.js';
import { samplingMessageProblems } from '../protocol/sampling-messages.js';
import type { ClientCapabilities } from '../protocol/types/modern/capabilities.js';
import type {
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
} from '../protocol/types/modern/elicitation.js';
import type { ListRootsResult } from '../protocol/types/modern/roots.js';
import type { CreateMessageRequestParams, CreateMessageResult } from '../protocol/types/modern/sampling.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { RequestHandlerContext } from '../session/dispatcher.js';
import type { HttpRequestInfo } from '../transport/http/endpoint.js';
import { bindingOf } from './binding.js';
import type { ClientIdentity } from './client-identity.js';
import { checkElicitationAnswer } from './elicitation-answers.js';
import { isLogLevel, type LogLevel, shouldLog } from './logging.js';
import { NO_TASK, type TaskControl } from './tasks/task-control.js';

export type { ClientIdentity } from './client-identity.js';

/** W3C trace context carried in `_meta` (SEP-414). */
export interface TraceContext {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
}

/** The three kinds of input a handler can ask the client for. */
export type InputKind = 'elicitation' | 'sampling' | 'roots';

/**
 * Carries a handler's requests for input to the client. On 2026-07-28 it ends
 * the round with `input_required` (Multi Round-Trip Requests); on a 2025
 * session it sends a real request on the originating request's stream.
 */
export interface InputBroker {
  ask(kind: InputKind, method: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * URL-mode elicitation as a handler asks for it. `elicitationId` matters on
 * 2025-11-25 sessions only: it names the elicitation in
 * `notifications/elicitation/complete` (see `McpServer.completeElicitation`)
 * and is minted when absent; 2026-07-28 requests carry no id, and it is dropped.
 */
export interface UrlElicitation extends ElicitRequestURLParams {
  elicitationId?: string;
}

/** What `ctx.elicit` takes: a form, or a page to send the user to. */
export type ElicitationParams = ElicitRequestFormParams | UrlElicitation;

/** Deprecated features a server may use; reported once each through `onDeprecated`. */
export type DeprecatedFeature = 'logging' | 'sampling' | 'roots';

/**
 * What a handler receives.
 *
 * @example
 * server.registerTool('forecast', { inputSchema }, async ({ city }, ctx) => {
 *   await ctx.progress(1, 2, 'looking up');
 *   const { action, content } = await ctx.elicit({ message: 'Metric units?', requestedSchema });
 *   return { content: [{ type: 'text', text: `${city}: 21°C` }] };
 * });
 */
export interface ServerContext {
  /** Aborts when the client cancels the request (or disconnects, on 2026-07-28 HTTP). */
  readonly signal: AbortSignal;
  /** The JSON-RPC id of the request. */
  readonly requestId: RequestId;
  /** The request's method. */
  readonly method: string;
  /** The protocol revision the request speaks. */
  readonly protocolVersion: string;
  /** Its era. */
  readonly era: ProtocolEra;
  /** What the client declared it can do, for this request. */
  readonly clientCapabilities: ClientCapabilities;
  /** Who the client says it is, if it said. */
  readonly clientInfo: ClientIdentity | undefined;
  /** The request's `_meta`, untouched. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Trace context from `_meta`, for joining the caller's trace. */
  readonly trace: TraceContext;
  /** Extensions the client declared on this request (`clientCapabilities.extensions`). */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** The HTTP request, when the request came over HTTP. */
  readonly http: HttpRequestInfo | undefined;
  /**
   * Who the request's access token speaks for, on a server with `auth` (or
   * when the framework in front put a principal in the fetch `extra.auth`).
   * Undefined on unauthenticated transports (stdio).
   */
  readonly auth: AuthPrincipal | undefined;
  /** The client's answers on this retry (explicit Multi Round-Trip form), by key. */
  readonly inputResponses: Readonly<Record<string, unknown>> | undefined;
  /** The state this handler passed to `inputRequired` last round, verified and unsealed. */
  readonly requestState: unknown;
  /**
   * Sends a log message to the client, only if the request asked for logs at
   * this level or below (2026-07-28), on this request's stream only.
   *
   * @deprecated MCP logging is deprecated as of 2026-07-28 (SEP-2577). It still works on every
   * revision mcpkit speaks, and revisions released within a year of 2026-07-28 keep it, but later
   * ones may remove it. Log with your own logger instead: stderr on stdio, or OpenTelemetry.
   *
   * @example
   * // Instead of `await ctx.log('info', { rows })`:
   * console.error(JSON.stringify({ level: 'info', rows }));
   */
  log(level: LogLevel, data: unknown, logger?: string): Promise<void>;
  /** Reports progress, if the client asked for it. `progress` must increase. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /**
   * 2025 sessions over Streamable HTTP: ends this request's SSE stream now
   * while the handler goes on (SEP-1699 polling); the client resumes with
   * Last-Event-ID and receives every later message. Does nothing elsewhere.
   */
  closeSseStream(): void;
  /**
   * Asks the user, through the client, for input (form or URL mode). Needs the
   * `elicitation` capability (with `url` for URL mode). On a 2025-11-25
   * connection that cannot carry server requests (stateless HTTP), URL mode
   * answers the request with -32042 instead, so the client can open the page
   * and retry.
   *
   * A form's `accept` answer comes back with the form's defaults filled in and checked against
   * `requestedSchema` (required fields, types, options, lengths, ranges, formats; fields the form
   * does not have are left out). An answer that does not match rejects with
   * `InvalidParamsError` (-32602), whose message names each wrong field and whose
   * `data.issues` lists them: let it propagate (the client gets -32602 for the data it sent) or
   * catch it to ask again.
   *
   * @example
   * const id = crypto.randomUUID();
   * await ctx.elicit({ mode: 'url', message: 'Connect your account', url: `https://example.com/connect?e=${id}`, elicitationId: id });
   * // later, when the page reports back: server.completeElicitation(id);
   */
  elicit(params: ElicitationParams): Promise<ElicitResult>;
  /**
   * Asks the client's model for a completion (SEP-1577 tools allowed). Needs the `sampling`
   * capability, and `sampling.tools` for `tools` or `toolChoice` (else it rejects with
   * `MissingRequiredClientCapabilityError` and sends nothing). `messages` must keep the tool-use
   * rules: each assistant `tool_use` answered by a `tool_result` of the same id in the very next
   * message, a user message with tool results carrying nothing else; else it rejects with a
   * `TypeError` naming the message, and sends nothing.
   *
   * @deprecated Sampling is deprecated as of MCP 2026-07-28 (SEP-2577). It still works on every
   * revision mcpkit speaks, and revisions released within a year of 2026-07-28 keep it, but later
   * ones may remove it. A server that needs a model should call the model provider's API itself.
   *
   * @example
   * const answer = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: 'Summarize' } }], maxTokens: 200 });
   */
  sample(params: CreateMessageRequestParams): Promise<CreateMessageResult>;
  /**
   * Asks the client for its roots. Needs the `roots` capability.
   *
   * @deprecated Roots are deprecated as of MCP 2026-07-28 (SEP-2577). They still work on every
   * revision mcpkit speaks, and revisions released within a year of 2026-07-28 keep them, but
   * later ones may remove them. Take the directories or files to work on explicitly instead: as
   * tool arguments, resource URIs, or the server's own configuration (arguments, environment).
   *
   * @example
   * const { roots } = await ctx.listRoots();
   */
  listRoots(): Promise<ListRootsResult>;
  /**
   * The task this call runs as (tasks extension): its id, `start()` to hand
   * the rest of the call to a task, and its status message. Inert for calls
   * that are not and cannot become tasks.
   */
  readonly task: TaskControl;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function objectAt(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Where each field of the trace context comes from in `_meta`. */
const TRACE_KEYS = [
  ['traceparent', META_TRACEPARENT],
  ['tracestate', META_TRACESTATE],
  ['baggage', META_BAGGAGE],
] as const;

/** The capability a kind of input needs, as a -32021 `requiredCapabilities` object. */
function requiredCapabilityFor(
  kind: InputKind,
  params: Record<string, unknown>,
  caps: ClientCapabilities,
): Record<string, unknown> | undefined {
  switch (kind) {
    case 'elicitation': {
      const elicitation = caps.elicitation;
      if (!elicitation) return { elicitation: params.mode === 'url' ? { url: {} } : {} };
      // An empty elicitation object means form mode only (2025-11-25 and later).
      if (params.mode === 'url' && !elicitation.url) return { elicitation: { url: {} } };
      return undefined;
    }
    case 'sampling': {
      // Tools or a tool choice go only to clients that declared sampling.tools (a MUST NOT).
      const withTools = params.tools !== undefined || params.toolChoice !== undefined;
      const sampling = caps.sampling;
      if (!sampling) return { sampling: withTools ? { tools: {} } : {} };
      if (withTools && !sampling.tools) return { sampling: { tools: {} } };
      return undefined;
    }
    case 'roots':
      return caps.roots ? undefined : { roots: {} };
  }
}

/** Builds handler contexts; one instance per server. */
export interface ContextFactoryOptions {
  onDeprecated?: (feature: DeprecatedFeature) => void;
  /** Told of each URL-mode elicitation sent on a 2025 session, for its completion notice. */
  onUrlElicitation?: (elicitationId: string, inner: RequestHandlerContext) => void;
}

/**
 * What a round brought, for the explicit Multi Round-Trip form: the raw answers
 * (`inputResponses`), and the handler's own state from the last round (`requestState`).
 */
export interface RoundInput {
  readonly inputResponses: Readonly<Record<string, unknown>> | undefined;
  readonly requestState: unknown;
}

/** What one call of a handler brings to its context besides the request. */
export interface ContextCall {
  /** Where `elicit`, `sample` and `listRoots` go (an input round, a 2025 request, a task). */
  readonly broker: InputBroker;
  /** The round's explicit values; none outside `tools/call`, `prompts/get`, `resources/read`. */
  readonly round?: RoundInput;
  /** The task side of a call to a tool with task support. */
  readonly task?: TaskControl;
}

/** The round of a call outside Multi Round-Trip rounds: no answers, no state. */
export const NO_ROUND: RoundInput = Object.freeze({ inputResponses: undefined, requestState: undefined });

/**
 * What the client of one request declared it can do: its 2025 session's `initialize`
 * capabilities, or the request's own `_meta` claim (2026-07-28). Empty when it declared none.
 */
export function clientCapabilitiesOf(inner: RequestHandlerContext): ClientCapabilities {
  const session = bindingOf(inner).session;
  if (session) return session.clientCapabilities;
  return (objectAt((inner.meta ?? EMPTY)[META_CLIENT_CAPABILITIES]) as ClientCapabilities) ?? {};
}

/** The context object; one allocation per request, behaviour on the prototype. */
export class ServerContextImpl implements ServerContext {
  readonly protocolVersion: string;
  readonly era: ProtocolEra;
  readonly clientCapabilities: ClientCapabilities;
  readonly clientInfo: ClientIdentity | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  private readonly logThreshold: LogLevel | undefined;

  private readonly broker: InputBroker;
  private readonly round: RoundInput;
  /** The task side of a call to a tool with task support. */
  readonly task: TaskControl;

  constructor(
    private readonly inner: RequestHandlerContext,
    private readonly options: ContextFactoryOptions,
    call: ContextCall,
  ) {
    this.broker = call.broker;
    this.round = call.round ?? NO_ROUND;
    this.task = call.task ?? NO_TASK;
    const meta = inner.meta ?? EMPTY;
    this.meta = meta;
    // The era and revision were decided once, by the serving edge; a 2025 session also carries
    // the capabilities and log level its client set for the whole session.
    const binding = bindingOf(inner);
    const session = binding.session;
    this.era = binding.era;
    this.protocolVersion = binding.revision ?? '';
    this.clientCapabilities = clientCapabilitiesOf(inner);
    const info = objectAt(meta[META_CLIENT_INFO]);
    this.clientInfo = info && typeof info.name === 'string' ? (info as ClientIdentity) : undefined;
    const requested = meta[META_LOG_LEVEL];
    this.logThreshold =
      this.era === 'modern' ? (isLogLevel(requested) ? requested : undefined) : session?.logLevel;
  }

  get signal(): AbortSignal {
    return this.inner.signal;
  }

  get requestId(): RequestId {
    return this.inner.requestId;
  }

  get method(): string {
    return this.inner.method;
  }

  get trace(): TraceContext {
    const trace: TraceContext = {};
    for (const [field, key] of TRACE_KEYS) {
      const value = this.meta[key];
      if (typeof value === 'string') trace[field] = value;
    }
    return trace;
  }

  get extensions(): Readonly<Record<string, unknown>> {
    return objectAt(this.clientCapabilities.extensions) ?? EMPTY;
  }

  get inputResponses(): Readonly<Record<string, unknown>> | undefined {
    return this.round.inputResponses;
  }

  get requestState(): unknown {
    return this.round.requestState;
  }

  get http(): HttpRequestInfo | undefined {
    return this.inner.binding.http;
  }

  get auth(): AuthPrincipal | undefined {
    return bindingOf(this.inner).principal;
  }

  async log(level: LogLevel, data: unknown, logger?: string): Promise<void> {
    this.options.onDeprecated?.('logging');
    if (!shouldLog(level, this.logThreshold)) return;
    const params: Record<string, unknown> = { level, data };
    if (logger !== undefined) params.logger = logger;
    await this.inner.notify('notifications/message', params);
  }

  progress(progress: number, total?: number, message?: string): Promise<void> {
    // 2024-11-05 progress has no message; the session revision's codec knows.
    if (
      message !== undefined &&
      this.era === 'legacy' &&
      this.protocolVersion !== '' &&
      !codecFor(this.protocolVersion).features.progressMessage
    )
      return this.inner.sendProgress(progress, total);
    return this.inner.sendProgress(progress, total, message);
  }

  closeSseStream(): void {
    this.inner.binding.closeStream?.();
  }

  async elicit(params: ElicitationParams): Promise<ElicitResult> {
    if (params.mode === 'url') return this.elicitUrl(params);
    const answer = await this.ask<ElicitResult>('elicitation', 'elicitation/create', params);
    return checkElicitationAnswer(params as unknown as Record<string, unknown>, answer);
  }

  private elicitUrl({ elicitationId, ...page }: UrlElicitation): Promise<ElicitResult> {
    if (this.era === 'modern') return this.ask('elicitation', 'elicitation/create', { ...page });
    const request = { ...page, elicitationId: elicitationId ?? globalThis.crypto.randomUUID() };
    // Without a way to send the request (stateless HTTP, where the client's capabilities are
    // unknown too), the page goes back in a -32042 error: the client opens it and retries.
    if (!this.inner.canSendRequests) {
      return Promise.reject(new UrlElicitationRequiredError(page.message, { elicitations: [request] }));
    }
    const missing = this.missingCapability('elicitation', request);
    if (missing) return Promise.reject(missing);
    this.options.onUrlElicitation?.(request.elicitationId, this.inner);
    return this.broker.ask(
      'elicitation',
      'elicitation/create',
      request,
    ) as Promise<unknown> as Promise<ElicitResult>;
  }

  sample(params: CreateMessageRequestParams): Promise<CreateMessageResult> {
    this.options.onDeprecated?.('sampling');
    // The handler's own mistake, told to it before anything is sent (SEP-1577's MUSTs).
    const problems = samplingMessageProblems(params.messages);
    if (problems.length > 0)
      return Promise.reject(
        new TypeError(`ctx.sample: the messages break the tool-use rules: ${problems.join('; ')}`),
      );
    return this.ask('sampling', 'sampling/createMessage', params);
  }

  listRoots(): Promise<ListRootsResult> {
    this.options.onDeprecated?.('roots');
    return this.ask('roots', 'roots/list', {});
  }

  /** Asks the broker, once the client declared the capability; `T` is the result the caller returns. */
  private ask<T>(kind: InputKind, method: string, params: object): Promise<T> {
    const missing = this.missingCapability(kind, params as Record<string, unknown>);
    if (missing) return Promise.reject(missing);
    return this.broker.ask(kind, method, params as Record<string, unknown>) as Promise<unknown> as Promise<T>;
  }

  private missingCapability(
    kind: InputKind,
    params: Record<string, unknown>,
  ): MissingRequiredClientCapabilityError | undefined {
    const required = requiredCapabilityFor(kind, params, this.clientCapabilities);
    if (!required) return undefined;
    return new MissingRequiredClientCapabilityError(
      `This request needs the client capability ${Object.keys(required)[0]}, which it did not declare`,
      { requiredCapabilities: required },
    );
  }
}
